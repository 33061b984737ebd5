namespace Edge.Host.Flow;

/// <summary>
/// The flow metrics of a stretch of samples, each judged before it was learned (test-then-train):
/// the average endpoint error per sample (MVSEC's convention: the mean over the masked pixels of a
/// sample, then over samples), the same for a zero prediction and for the mean of the truth seen
/// so far, and the fraction of masked pixels that are outliers (error above 3 pixels and 5 %).
/// </summary>
/// <param name="Samples">Samples in the stretch.</param>
/// <param name="SamplesWithTruth">Of those, samples with at least one masked pixel (the ones the AEE averages over).</param>
/// <param name="Aee">Average endpoint error of the network's predictions, in flow-map pixels.</param>
/// <param name="AeeZeroFlow">The same for predicting zero flow everywhere.</param>
/// <param name="AeeMeanFlow">The same for predicting, per pixel, the mean true flow of the samples before.</param>
/// <param name="OutlierFraction">Masked pixels with an error above 3 pixels and above 5 % of the true flow, ÷ masked pixels.</param>
/// <param name="Loss">Mean training loss of the stretch's samples.</param>
/// <param name="SelfSupervised">Samples learned with the self-supervised loss.</param>
public readonly record struct FlowMetrics(long Samples, long SamplesWithTruth, double Aee, double AeeZeroFlow, double AeeMeanFlow,
    double OutlierFraction, double Loss, long SelfSupervised);

/// <summary>A progress row: the metrics of the last stretch of samples, and where the run is.</summary>
/// <param name="SamplesSeen">Samples learned so far.</param>
/// <param name="Window">The metrics of the samples since the previous row.</param>
/// <param name="Seconds">Seconds since the run started.</param>
public sealed record FlowProgress(long SamplesSeen, FlowMetrics Window, double Seconds);

/// <summary>The outcome of a flow run.</summary>
public sealed record FlowSummary
{
    /// <summary>The source as given.</summary>
    public required string Source { get; init; }

    /// <summary>The network's name.</summary>
    public required string Network { get; init; }

    /// <summary>The learning rule.</summary>
    public required string Rule { get; init; }

    /// <summary>The loss setting (auto, endpoint-error, event-warp).</summary>
    public required string Loss { get; init; }

    /// <summary>Over every sample.</summary>
    public required FlowMetrics All { get; init; }

    /// <summary>Over the last 20 % of the samples (at least one).</summary>
    public required FlowMetrics Last20Pct { get; init; }

    /// <summary>Every progress row, in order (the AEE curve).</summary>
    public required IReadOnlyList<FlowProgress> Curve { get; init; }

    /// <summary>Network steps per second, learning included.</summary>
    public double StepsPerSecond { get; init; }

    /// <summary>Bytes the run allocated over its samples after the first (the JIT's), measured on the run's thread.</summary>
    public long AllocatedBytes { get; init; }

    /// <summary>Network steps those bytes were counted over.</summary>
    public long MeasuredSteps { get; init; }

    /// <summary>Bytes of the network and learner (parameters, gradients, optimizer, state, caches, scratch).</summary>
    public long MemoryBytes { get; init; }

    /// <summary>Of those, the per-sample state kept across time steps.</summary>
    public long LearningStateBytes { get; init; }

    /// <summary>Wall-clock seconds.</summary>
    public double Seconds { get; init; }

    /// <summary>True when the run was stopped before its last sample.</summary>
    public bool Interrupted { get; init; }
}
