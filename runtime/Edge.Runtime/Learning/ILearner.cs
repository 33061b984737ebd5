using Edge.Runtime.Memory;

namespace Edge.Runtime.Learning;

/// <summary>
/// A learning rule driving a <see cref="Network"/> through samples. One sample: <see cref="BeginSample"/>,
/// then <see cref="Step"/> for t = 0 … T−1 (forward, plus learning on the steps the rule learns on),
/// then <see cref="EndSample"/>. Every buffer is allocated when the learner is built; a step
/// allocates nothing. S-TLLR and the other rules of the field implement this interface.
/// </summary>
public interface ILearner
{
    /// <summary>Rule name (stllr, bptt, …).</summary>
    string Rule { get; }

    /// <summary>The network being trained.</summary>
    Network Network { get; }

    /// <summary>Time steps per sample this learner was built for.</summary>
    int TimeSteps { get; }

    /// <summary>Steps per sample that carry a learning signal (the last T_l).</summary>
    int LearnSteps { get; }

    /// <summary>
    /// Leading steps of a sample computed with the weights the sample started with (T for rules
    /// that update once per sample): a prediction made from them is made before any update from
    /// that sample.
    /// </summary>
    int StepsBeforeUpdate { get; }

    /// <summary>Mean loss of the learning steps of the last sample.</summary>
    float LastLoss { get; }

    /// <summary>Memory of the network and learner by category.</summary>
    MemoryReport Memory { get; }

    /// <summary>
    /// The optimizer: the network's parameters first, in <see cref="Network.Parameters"/> order, then
    /// the rule's own (S-TLLR's learning-signal feedback, TTL-BPTT's auxiliary heads). Checkpoints save
    /// and restore through it.
    /// </summary>
    Optimizer Optimizer { get; }

    /// <summary>Starts a sample with these labels (one per batch element): resets all per-sample state.</summary>
    void BeginSample(ReadOnlySpan<int> labels);

    /// <summary>Runs step <paramref name="t"/> on <paramref name="input"/> ([B, C, H, W] or [B, N], PyTorch order) and learns if the rule learns at t. Returns the logits.</summary>
    ReadOnlySpan<float> Step(ReadOnlySpan<float> input, int t);

    /// <summary>Ends the sample: applies the accumulated update (rules that update per sample).</summary>
    void EndSample();

    /// <summary>Sets the epoch for the learning-rate schedule.</summary>
    void SetEpoch(int epoch);
}
