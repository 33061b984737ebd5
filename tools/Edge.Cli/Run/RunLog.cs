using Microsoft.Extensions.Logging;

namespace Edge.Cli.Run;

/// <summary>The log lines of <c>edge run</c> (stderr, so the journal keeps them under a service).</summary>
internal static partial class RunLog
{
    [LoggerMessage(1, LogLevel.Information, "learning online from {Source} with network {Network} ({Classes} classes, T={T}, T_l={TL}, learning rate {LearningRate}, {Threads} thread(s)); {Start}")]
    public static partial void Started(ILogger logger, string source, string network, int classes, int t, int tl, float learningRate, int threads, string start);

    [LoggerMessage(2, LogLevel.Information, "{Samples} samples, accuracy {Accuracy:0.000} (last 100: {Recent:0.000}), {EventsPerS:0} events/s, {StepsPerS:0.0} steps/s, {Dropped} events dropped, loss {Loss:0.000}")]
    public static partial void Metrics(ILogger logger, long samples, double accuracy, double recent, double eventsPerS, double stepsPerS, long dropped, double loss);

    [LoggerMessage(3, LogLevel.Information, "checkpoint saved to {Path} ({Samples} samples, {Steps} optimizer steps)")]
    public static partial void Saved(ILogger logger, string path, long samples, long steps);

    [LoggerMessage(4, LogLevel.Warning, "{Problem}; learning goes on and the next save will try again")]
    public static partial void SaveFailed(ILogger logger, string problem);

    [LoggerMessage(5, LogLevel.Information, "source {Source} ended after {Samples} samples; opening it again with seed {Seed}")]
    public static partial void Reopened(ILogger logger, string source, long samples, int seed);

    [LoggerMessage(6, LogLevel.Information, "stopping ({Reason}) after {Samples} samples in {Seconds:0.0} s")]
    public static partial void Stopping(ILogger logger, string reason, long samples, double seconds);

    [LoggerMessage(7, LogLevel.Information, "--weights {Path} ignored: the checkpoint's learned state wins")]
    public static partial void WeightsIgnored(ILogger logger, string path);
}
