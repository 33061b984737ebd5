using Edge.Host.Runs;
using Edge.Host.Teaching;
using Edge.Runtime.Online;

namespace Edge.Host.Web.Feed;

/// <summary>
/// The page's side of the learner's thread: an observer and step probe that only copies what it is
/// told into buffers allocated up front (predictions, metrics rows, command results, captures).
/// Nothing here blocks or allocates; the page's own thread reads the buffers.
/// </summary>
internal sealed class PageFeed : IRunObserver, IStepProbe
{
    private readonly OnlineRun _run;
    private RunSummary? _stopped;

    public PageFeed(OnlineRun run, int framesPerSecond)
    {
        _run = run;
        Layers = SpikingLayer.Of(run.Network.Layers);
        var input = run.Spec.InputShape;
        Height = input[1];
        Width = input[2];
        Predictions = new PredictionRing(256, run.Classes.Count);
        Capturer = new StepCapturer(Layers, Height * Width, run.Spec.TimeSteps, framesPerSecond);
    }

    /// <summary>The spiking layers of the network.</summary>
    public SpikingLayer[] Layers { get; }

    /// <summary>Input frame height.</summary>
    public int Height { get; }

    /// <summary>Input frame width.</summary>
    public int Width { get; }

    /// <summary>The last predictions.</summary>
    public PredictionRing Predictions { get; }

    /// <summary>The last metrics rows.</summary>
    public ReferenceRing<RunMetricsRow> Metrics { get; } = new(16);

    /// <summary>The last command results.</summary>
    public ReferenceRing<CommandResult> Commands { get; } = new(64);

    /// <summary>Frames and spikes.</summary>
    public StepCapturer Capturer { get; }

    /// <summary>The run's summary once it stopped, else null.</summary>
    public RunSummary? Stopped => Volatile.Read(ref _stopped);

    /// <inheritdoc />
    public void OnPrediction(in WindowPrediction prediction) => Predictions.Add(prediction);

    /// <inheritdoc />
    public void OnMetrics(RunMetricsRow metrics) => Metrics.Add(metrics);

    /// <inheritdoc />
    public void OnCommand(CommandResult result) => Commands.Add(result);

    /// <inheritdoc />
    public void OnStopped(RunSummary summary) => Volatile.Write(ref _stopped, summary);

    /// <inheritdoc />
    public void AfterStep(int t, ReadOnlySpan<float> input) => Capturer.Step(input, _run.Metrics.Windows);
}
