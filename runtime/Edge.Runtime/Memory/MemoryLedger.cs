namespace Edge.Runtime.Memory;

/// <summary>
/// Allocates every buffer of a network or learner once, at build time, and records its size by
/// category. The memory report is computed by the same calls that allocate, so it cannot disagree
/// with what was allocated.
/// </summary>
public sealed class MemoryLedger
{
    private readonly long[] _bytes = new long[Enum.GetValues<MemoryCategory>().Length];

    /// <summary>A zeroed float buffer of <paramref name="count"/> elements.</summary>
    public float[] Floats(MemoryCategory category, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        _bytes[(int)category] += sizeof(float) * (long)count;
        return new float[count];
    }

    /// <summary>A zeroed int buffer of <paramref name="count"/> elements.</summary>
    public int[] Ints(MemoryCategory category, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        _bytes[(int)category] += sizeof(int) * (long)count;
        return new int[count];
    }

    /// <summary>A zeroed double buffer of <paramref name="count"/> elements.</summary>
    public double[] Doubles(MemoryCategory category, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        _bytes[(int)category] += sizeof(double) * (long)count;
        return new double[count];
    }

    /// <summary>Bytes allocated in one category.</summary>
    public long this[MemoryCategory category] => _bytes[(int)category];

    /// <summary>Bytes allocated in all categories.</summary>
    public long Total
    {
        get
        {
            long sum = 0;
            foreach (var b in _bytes)
            {
                sum += b;
            }
            return sum;
        }
    }

    /// <summary>A snapshot of the ledger.</summary>
    public MemoryReport Report() => new(
        this[MemoryCategory.Parameters], this[MemoryCategory.Gradients], this[MemoryCategory.Optimizer],
        this[MemoryCategory.TemporalState], this[MemoryCategory.StepCache], this[MemoryCategory.Activations],
        this[MemoryCategory.Scratch], this[MemoryCategory.Feedback]);
}

/// <summary>Bytes of a built network and learner, by category (see <see cref="MemoryCategory"/>).</summary>
/// <param name="ParamBytes">Trainable parameters.</param>
/// <param name="GradBytes">Gradient accumulators.</param>
/// <param name="OptimizerBytes">Optimizer moments.</param>
/// <param name="LearningStateBytes">Per-sample state kept across time steps (membranes, traces, history).</param>
/// <param name="StepCacheBytes">Current-step values kept for learning.</param>
/// <param name="ActivationBytes">Layer outputs.</param>
/// <param name="ScratchBytes">Caches and work buffers.</param>
/// <param name="FeedbackBytes">Fixed feedback matrices.</param>
public readonly record struct MemoryReport(
    long ParamBytes, long GradBytes, long OptimizerBytes, long LearningStateBytes,
    long StepCacheBytes, long ActivationBytes, long ScratchBytes, long FeedbackBytes)
{
    /// <summary>Sum of all categories.</summary>
    public long TotalBytes => ParamBytes + GradBytes + OptimizerBytes + LearningStateBytes + StepCacheBytes + ActivationBytes + ScratchBytes + FeedbackBytes;
}
