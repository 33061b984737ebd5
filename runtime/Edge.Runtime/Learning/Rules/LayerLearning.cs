using Edge.Runtime.Kernels;
using Edge.Runtime.Layers;

namespace Edge.Runtime.Learning.Rules;

/// <summary>
/// How one layer learns under a rule: what it keeps after each forward step (a history slot for
/// the rules that backpropagate through time, an eligibility trace for the online ones) and the
/// backward of one step, given ∂loss/∂output of that step. <see cref="Backprop"/> strings them
/// together top-down.
/// </summary>
internal abstract class LayerLearning(Layer layer)
{
    /// <summary>The layer.</summary>
    public Layer Layer { get; } = layer;

    /// <summary>True when the layer has trainable parameters.</summary>
    public bool Learnable { get; } = layer.Parameters.Count > 0;

    /// <summary>Called after the network's forward of a step; <paramref name="slot"/> is its history slot.</summary>
    public virtual void AfterForward(int slot, ReadOnlySpan<float> input)
    {
    }

    /// <summary>Zeroes per-sample state (traces) at the start of a sample.</summary>
    public virtual void ResetSample()
    {
    }

    /// <summary>Zeroes the temporal carries before a backward pass through a window.</summary>
    public virtual void BeginBackward()
    {
    }

    /// <summary>
    /// Backward of the step in <paramref name="slot"/>: accumulates parameter gradients and, when
    /// <paramref name="needGradInput"/>, writes ∂loss/∂input into <paramref name="gradInput"/>.
    /// </summary>
    public abstract void Backward(int slot, ReadOnlySpan<float> gradOutput, Span<float> gradInput, bool needGradInput);

    /// <summary>The MACs one <see cref="Backward"/> call stands for (for schedules computed without running).</summary>
    public virtual MacCounts BackwardMacs(bool needGradInput) => default;

    /// <summary>MACs of a synapse backward: one weight-gradient product, plus the input gradient when needed.</summary>
    protected MacCounts SynapseMacs(in ConvGeometry geometry, bool needGradInput) =>
        new(0, needGradInput ? Layer.Batch * geometry.DenseMacs : 0, Layer.Batch * geometry.DenseMacs);
}
