namespace Edge.Runtime.Kernels;

/// <summary>What a multiply-accumulate was spent on.</summary>
public enum MacKind
{
    /// <summary>Synapse forward passes (W ⋆ x) of the network.</summary>
    Forward,

    /// <summary>Forming and passing the learning signal down (input gradients, local classifiers).</summary>
    LearningSignal,

    /// <summary>Weight-gradient products (eligibility × signal, or BPTT's x ⊗ δ).</summary>
    WeightUpdate,
}

/// <summary>Multiply-accumulates counted on one thread, by kind.</summary>
/// <param name="Forward">Synapse forward passes.</param>
/// <param name="LearningSignal">Learning-signal MACs.</param>
/// <param name="WeightUpdate">Weight-gradient MACs.</param>
public readonly record struct MacCounts(long Forward, long LearningSignal, long WeightUpdate)
{
    /// <summary>The MACs of learning (signal and weight update).</summary>
    public long Learning => LearningSignal + WeightUpdate;

    /// <summary>Element-wise difference.</summary>
    public static MacCounts operator -(MacCounts a, MacCounts b) =>
        new(a.Forward - b.Forward, a.LearningSignal - b.LearningSignal, a.WeightUpdate - b.WeightUpdate);

    /// <summary>Element-wise sum.</summary>
    public static MacCounts operator +(MacCounts a, MacCounts b) =>
        new(a.Forward + b.Forward, a.LearningSignal + b.LearningSignal, a.WeightUpdate + b.WeightUpdate);

    /// <summary>Element-wise difference (named alternative of the operator).</summary>
    public static MacCounts Subtract(MacCounts a, MacCounts b) => a - b;

    /// <summary>Element-wise sum (named alternative of the operator).</summary>
    public static MacCounts Add(MacCounts a, MacCounts b) => a + b;
}

/// <summary>
/// Counts the multiply-accumulates the synapse kernels stand for, when counting is enabled on the
/// calling thread. Every kernel call adds the dense MACs of its geometry (what the operation is,
/// independent of the zeros the kernel skips), so counts do not depend on the data and a schedule
/// computed from the network's shapes must match them. Disabled (the default), a kernel call pays
/// one thread-static flag test.
/// </summary>
public static class MacCounter
{
    [ThreadStatic]
    private static bool t_enabled;

    [ThreadStatic]
    private static long t_forward;

    [ThreadStatic]
    private static long t_signal;

    [ThreadStatic]
    private static long t_update;

    [ThreadStatic]
    private static bool t_forwardIsSignal;

    /// <summary>True while this thread counts.</summary>
    public static bool Enabled => t_enabled;

    /// <summary>Starts counting on this thread from zero.</summary>
    public static void Start()
    {
        t_forward = t_signal = t_update = 0;
        t_forwardIsSignal = false;
        t_enabled = true;
    }

    /// <summary>Stops counting on this thread and returns the counts.</summary>
    public static MacCounts Stop()
    {
        t_enabled = false;
        return Read();
    }

    /// <summary>The counts so far on this thread.</summary>
    public static MacCounts Read() => new(t_forward, t_signal, t_update);

    /// <summary>
    /// While true, forward-kernel calls count as learning signal: forward passes that exist only
    /// to form a learning signal (local classifiers, auxiliary heads).
    /// </summary>
    public static bool ForwardCountsAsSignal
    {
        get => t_forwardIsSignal;
        set => t_forwardIsSignal = value;
    }

    internal static void AddForward(long macs)
    {
        if (t_enabled)
        {
            if (t_forwardIsSignal)
            {
                t_signal += macs;
            }
            else
            {
                t_forward += macs;
            }
        }
    }

    internal static void AddSignal(long macs)
    {
        if (t_enabled)
        {
            t_signal += macs;
        }
    }

    internal static void AddUpdate(long macs)
    {
        if (t_enabled)
        {
            t_update += macs;
        }
    }
}
