using Edge.Cli.Cli;
using Edge.Host.Runs;
using Edge.Host.Teaching;
using Microsoft.Extensions.Logging;

namespace Edge.Cli.Output;

/// <summary>
/// What <c>edge run</c> prints as the run goes: log lines on stderr, and with <c>--json</c> the
/// <c>started</c>, <c>prediction</c>, <c>metrics</c>, <c>command</c> and <c>run</c> lines on stdout
/// (docs/run.md lists their keys).
/// </summary>
internal sealed partial class RunPrinter(bool json, ILogger log, IReadOnlyList<string> classes) : IRunObserver, IDisposable
{
    private readonly PredictionLines? _predictions = json ? new PredictionLines(classes) : null;

    public void OnStarted(RunStarted started)
    {
        Started(log, started.Source, started.Network, string.Join(", ", started.Classes), started.Mode, started.Labels, started.Window,
            started.TimeSteps, started.LearnSteps, started.LearningRate, started.Threads, started.Start);
        if (started.Http is { } url)
        {
            PageServed(log, url);
        }
        if (json)
        {
            JsonLines.Write("started", started, RunJson.Default.RunStarted);
        }
    }

    public void OnPrediction(in WindowPrediction prediction) => _predictions?.Write(prediction);

    public void OnMetrics(RunMetricsRow metrics)
    {
        Metrics(log, metrics.Windows, metrics.Mode, metrics.Label ?? "-", metrics.AccuracyTaught ?? double.NaN, metrics.AccuracyTruth ?? double.NaN,
            metrics.EventsPerS, metrics.StepsPerS, metrics.EventsDropped, metrics.Loss);
        if (json)
        {
            JsonLines.Write("metrics", metrics, RunJson.Default.RunMetricsRow, "page_frames_dropped");
        }
    }

    public void OnCommand(CommandResult result)
    {
        if (result.Ok)
        {
            CommandAccepted(log, result.Command, result.Origin);
        }
        else
        {
            CommandRefused(log, result.Command, result.Origin, result.Error!);
        }
        if (json)
        {
            JsonLines.Write("command", result, RunJson.Default.CommandResult, "error");
        }
    }

    public void OnStopped(RunSummary summary)
    {
        if (json)
        {
            JsonLines.Write("run", summary, RunJson.Default.RunSummary);
            return;
        }
        Console.Out.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"{summary.Windows} windows in {summary.Seconds:0.0} s ({summary.StepsPerS:0} steps/s, {summary.EventsDropped} events dropped); {summary.Samples} taught, accuracy {summary.Accuracy:0.000}; lifetime {summary.SamplesTotal} taught, accuracy {summary.AccuracyTotal:0.000}; stopped by {summary.Stopped}"));
    }

    public void Dispose() => _predictions?.Dispose();

    [LoggerMessage(1, LogLevel.Information, "run from {Source} with network {Network}: classes {Classes}; mode {Mode}; labels {Labels}; windows {Window}; T={T}, T_l={TL}, learning rate {LearningRate}, {Threads} thread(s); {Start}")]
    private static partial void Started(ILogger logger, string source, string network, string classes, string mode, string labels, string window, int t, int tl, float learningRate, int threads, string start);

    [LoggerMessage(2, LogLevel.Information, "{Windows} windows, mode {Mode}, teaching {Label}: accuracy taught {Taught:0.000}, truth {Truth:0.000}; {EventsPerS:0} events/s, {StepsPerS:0.0} steps/s, {Dropped} events dropped, loss {Loss:0.000}")]
    private static partial void Metrics(ILogger logger, long windows, string mode, string label, double taught, double truth, double eventsPerS, double stepsPerS, long dropped, double loss);

    [LoggerMessage(3, LogLevel.Information, "command '{Command}' from {Origin}: done")]
    private static partial void CommandAccepted(ILogger logger, string command, string origin);

    [LoggerMessage(5, LogLevel.Information, "live page at {Url}")]
    private static partial void PageServed(ILogger logger, string url);

    [LoggerMessage(4, LogLevel.Warning, "command '{Command}' from {Origin} refused: {Error}")]
    private static partial void CommandRefused(ILogger logger, string command, string origin, string error);
}
