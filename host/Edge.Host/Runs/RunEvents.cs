using Edge.Host.Teaching;

namespace Edge.Host.Runs;

/// <summary>A run has opened its source and built its network (the <c>started</c> line).</summary>
public sealed record RunStarted
{
    /// <summary>The source URI.</summary>
    public required string Source { get; init; }

    /// <summary>The network's name.</summary>
    public required string Network { get; init; }

    /// <summary>The classes, in output order.</summary>
    public required IReadOnlyList<string> Classes { get; init; }

    /// <summary>learn or infer.</summary>
    public required string Mode { get; init; }

    /// <summary>The label source (<c>task</c>, <c>stdin</c>, a file …), or <c>none</c>.</summary>
    public required string Labels { get; init; }

    /// <summary>How windows are cut: <c>segments</c> (the source's or the labels file's) or a duration / <c>auto</c>.</summary>
    public required string Window { get; init; }

    /// <summary>T and T_l.</summary>
    public required int TimeSteps { get; init; }

    /// <summary>Learning steps per window.</summary>
    public required int LearnSteps { get; init; }

    /// <summary>The learning rate.</summary>
    public required float LearningRate { get; init; }

    /// <summary>Threads per step.</summary>
    public required int Threads { get; init; }

    /// <summary>Where the learned state came from: resumed, given weights, or fresh.</summary>
    public required string Start { get; init; }

    /// <summary>The URL of the live page, when one is served.</summary>
    public string? Http { get; init; }

    /// <summary>The board parts driven, or null.</summary>
    public BoardSummary? Board { get; init; }
}

/// <summary>The board parts a run drives.</summary>
/// <param name="Leds">Class LED pins.</param>
/// <param name="TeachButtons">Teach button pins.</param>
/// <param name="Oled">The OLED, as <c>i2c-BUS@0xADDR</c>, or null.</param>
public sealed record BoardSummary(IReadOnlyList<int> Leds, IReadOnlyList<int> TeachButtons, string? Oled);

/// <summary>
/// One window predicted (the <c>prediction</c> line). Valid only during the observer call: the
/// scores are the run's own buffer.
/// </summary>
public readonly ref struct WindowPrediction
{
    /// <summary>Creates the prediction.</summary>
    public WindowPrediction(long startUs, long endUs, int predicted, float confidence, ReadOnlySpan<float> scores, int label, int truth, bool learned, double latencyMs)
    {
        StartUs = startUs;
        EndUs = endUs;
        Class = predicted;
        Confidence = confidence;
        Scores = scores;
        Label = label;
        Truth = truth;
        Learned = learned;
        LatencyMs = latencyMs;
    }

    /// <summary>Start of the window in the stream, µs.</summary>
    public long StartUs { get; }

    /// <summary>End of the window (exclusive), µs.</summary>
    public long EndUs { get; }

    /// <summary>The predicted class.</summary>
    public int Class { get; }

    /// <summary>Largest softmax probability of the scores.</summary>
    public float Confidence { get; }

    /// <summary>Per-class scores: the mean logits over the steps the prediction rule uses.</summary>
    public ReadOnlySpan<float> Scores { get; }

    /// <summary>The taught label, or −1.</summary>
    public int Label { get; }

    /// <summary>The true class when the source knows it, or −1.</summary>
    public int Truth { get; }

    /// <summary>True when the window was learned (after it was predicted).</summary>
    public bool Learned { get; }

    /// <summary>Wall-clock milliseconds from the window's last event arriving to this prediction.</summary>
    public double LatencyMs { get; }
}

/// <summary>One metrics interval (the <c>metrics</c> line).</summary>
public sealed record RunMetricsRow
{
    /// <summary>Seconds since the run started.</summary>
    public double ElapsedS { get; init; }

    /// <summary>Taught windows over the lifetime (continued from the checkpoint).</summary>
    public long Samples { get; init; }

    /// <summary>Lifetime accuracy on taught windows, before each update.</summary>
    public double Accuracy { get; init; }

    /// <summary>Accuracy on the last 100 taught windows of this run.</summary>
    [System.Text.Json.Serialization.JsonPropertyName("accuracy_last_100")]
    public double AccuracyLast100 { get; init; }

    /// <summary>learn or infer.</summary>
    public required string Mode { get; init; }

    /// <summary>The class being taught now, or null.</summary>
    public string? Label { get; init; }

    /// <summary>Windows predicted in this run.</summary>
    public long Windows { get; init; }

    /// <summary>This run's accuracy on taught windows (before the update), or null when none was taught.</summary>
    public double? AccuracyTaught { get; init; }

    /// <summary>This run's accuracy on windows whose true class the source knows, or null when it knows none.</summary>
    public double? AccuracyTruth { get; init; }

    /// <summary>Events per second over the interval.</summary>
    public double EventsPerS { get; init; }

    /// <summary>Network steps per second over the interval.</summary>
    public double StepsPerS { get; init; }

    /// <summary>Windows per second over the interval.</summary>
    public double SamplesPerS { get; init; }

    /// <summary>Events a live source dropped because learning fell behind (lifetime).</summary>
    public long EventsDropped { get; init; }

    /// <summary>Mean loss of the interval's learned windows.</summary>
    public double Loss { get; init; }

    /// <summary>The learning rate.</summary>
    public float LearningRate { get; init; }

    /// <summary>Updates rejected in this run because a loss, gradient or weight was NaN or infinite (nothing was applied).</summary>
    public long UpdatesRejected { get; init; }

    /// <summary>Times this run's live source was lost and opened again.</summary>
    public long SourceReopens { get; init; }

    /// <summary>The process's resident memory, bytes (a run that learns for weeks keeps it flat).</summary>
    public long RssBytes { get; init; }

    /// <summary>Bytes on the managed heap, garbage not yet collected included.</summary>
    public long ManagedHeapBytes { get; init; }

    /// <summary>Messages the live page dropped for browsers that read too slowly (this run), or null without a page.</summary>
    public long? PageFramesDropped { get; init; }
    /// <summary>Fleet messages this board could not send (lifetime of the run), or null without a fleet.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public long? FleetUnsent { get; init; }
}

/// <summary>The summary of a run, when it ends (the <c>run</c> line).</summary>
public sealed record RunSummary
{
    /// <summary>The source URI.</summary>
    public required string Source { get; init; }

    /// <summary>The network's name.</summary>
    public required string Network { get; init; }

    /// <summary>Taught windows of this run.</summary>
    public long Samples { get; init; }

    /// <summary>This run's accuracy on them.</summary>
    public double Accuracy { get; init; }

    /// <summary>Windows predicted in this run.</summary>
    public long Windows { get; init; }

    /// <summary>Accuracy on windows with a known true class, or null.</summary>
    public double? AccuracyTruth { get; init; }

    /// <summary>Taught windows over the lifetime.</summary>
    public long SamplesTotal { get; init; }

    /// <summary>Lifetime accuracy on taught windows.</summary>
    public double AccuracyTotal { get; init; }

    /// <summary>Network steps of this run.</summary>
    public long Steps { get; init; }

    /// <summary>Events binned in this run.</summary>
    public long Events { get; init; }

    /// <summary>Events a live source dropped (lifetime).</summary>
    public long EventsDropped { get; init; }

    /// <summary>Wall-clock seconds of this run.</summary>
    public double Seconds { get; init; }

    /// <summary>Steps per second.</summary>
    public double StepsPerS { get; init; }

    /// <summary>Taught windows of the checkpoint it resumed from.</summary>
    public long ResumedFromSamples { get; init; }

    /// <summary>Optimizer steps over the lifetime.</summary>
    public long OptimizerSteps { get; init; }

    /// <summary>The number of this run over the lifetime.</summary>
    public int Run { get; init; }

    /// <summary>The checkpoint file, or null.</summary>
    public string? Checkpoint { get; init; }

    /// <summary>Checkpoints saved by this run.</summary>
    public int CheckpointSaves { get; init; }

    /// <summary>Updates rejected in this run because a loss, gradient or weight was NaN or infinite.</summary>
    public long UpdatesRejected { get; init; }

    /// <summary>Times this run's live source was lost and opened again.</summary>
    public long SourceReopens { get; init; }

    /// <summary>What stopped it: end of source, duration, SIGINT, SIGTERM, stopped.</summary>
    public required string Stopped { get; init; }

    /// <summary>True when a signal stopped it (the CLI's exit code 130).</summary>
    public bool Interrupted { get; init; }
}

/// <summary>
/// What a run reports as it goes, on the run's own thread: keep each call short and never block
/// (copy what you need; hand slow work to your own thread). Implement only what you need.
/// </summary>
public interface IRunObserver
{
    /// <summary>The run has started.</summary>
    void OnStarted(RunStarted started)
    {
    }

    /// <summary>A window was predicted (and learned, when it had a label).</summary>
    void OnPrediction(in WindowPrediction prediction)
    {
    }

    /// <summary>A metrics interval ended.</summary>
    void OnMetrics(RunMetricsRow metrics)
    {
    }

    /// <summary>A teach command was applied or refused.</summary>
    void OnCommand(CommandResult result)
    {
    }

    /// <summary>The run ended (after its final save).</summary>
    void OnStopped(RunSummary summary)
    {
    }
}
