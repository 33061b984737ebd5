using Edge.Runtime.Memory;
using Edge.Runtime.Online;

namespace Edge.Runtime.Learning;

/// <summary>
/// A learning rule driving a <see cref="Network"/> through samples. One sample: <see cref="IStepLearner.BeginSample"/>,
/// then <see cref="IStepLearner.Step"/> for t = 0 … T−1 (forward, plus learning on the steps the rule learns on),
/// then <see cref="IStepLearner.EndSample"/>. Every buffer is allocated when the learner is built; a step
/// allocates nothing. S-TLLR and the other rules of the field implement this interface; the sample
/// loop (<see cref="PrequentialLoop"/>) drives it through <see cref="IStepLearner"/>, and runs
/// inference passes on the network itself.
/// </summary>
public interface ILearner : IStepLearner
{
    /// <summary>Rule name (stllr, bptt, …).</summary>
    string Rule { get; }

    /// <summary>The network being trained.</summary>
    Network Network { get; }

    /// <summary>Memory of the network and learner by category.</summary>
    MemoryReport Memory { get; }

    /// <summary>
    /// The optimizer: the network's parameters first, in <see cref="Network.Parameters"/> order, then
    /// the rule's own (S-TLLR's learning-signal feedback, TTL-BPTT's auxiliary heads). Checkpoints save
    /// and restore through it.
    /// </summary>
    Optimizer Optimizer { get; }

    /// <summary>Sets the epoch for the learning-rate schedule.</summary>
    void SetEpoch(int epoch);

    // Inference passes run on the network itself.

    /// <inheritdoc />
    int IStepModel.Batch => Network.Batch;

    /// <inheritdoc />
    int IStepModel.Classes => Network.Spec.Classes;

    /// <inheritdoc />
    void IStepModel.BeginInference() => ((IStepModel)Network).BeginInference();

    /// <inheritdoc />
    ReadOnlySpan<float> IStepModel.Infer(ReadOnlySpan<float> input, int t) => ((IStepModel)Network).Infer(input, t);

    /// <inheritdoc />
    void IStepModel.EndInference() => ((IStepModel)Network).EndInference();
}
