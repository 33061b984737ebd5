using Edge.Runtime.Specs;

namespace Edge.Runtime.Layers;

/// <summary>
/// How the CPU runs one layer of a spec (the spec says what it is). A layer owns its state and
/// output buffers, allocated once; every array is batch-major, and maps are channels-last (HWC)
/// per sample. One step: <see cref="Forward"/>; on a step with a learning signal,
/// <see cref="Backward"/> receives ∂loss/∂output of the same step and accumulates the layer's
/// gradients, optionally passing the signal down. LIF layers have none of their own: each learning
/// rule learns them through its per-layer part (S-TLLR: <c>Learning/Stllr</c>; the others: <c>Learning/Rules</c>).
/// </summary>
public abstract class Layer
{
    /// <summary>Initialises the shapes.</summary>
    protected Layer(LayerSpec spec, int index, TensorShape input, TensorShape output, BuildContext ctx)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(ctx);
        Spec = spec;
        Index = index;
        InputShape = input;
        OutputShape = output;
        Batch = ctx.Batch;
        Learning = ctx.Learning;
        Output = ctx.Ledger.Floats(Memory.MemoryCategory.Activations, ctx.Batch * output.Size);
    }

    /// <summary>The spec of this layer.</summary>
    public LayerSpec Spec { get; }

    /// <summary>Position in the spec's layer list (names parameters and recordings).</summary>
    public int Index { get; }

    /// <summary>Per-sample input shape.</summary>
    public TensorShape InputShape { get; }

    /// <summary>Per-sample output shape.</summary>
    public TensorShape OutputShape { get; }

    /// <summary>Samples per step.</summary>
    public int Batch { get; }

    /// <summary>True when built with learning buffers.</summary>
    public bool Learning { get; }

    /// <summary>Output of the last step, [B, per-sample output] (maps channels-last).</summary>
    public float[] Output { get; }

    /// <summary>Trainable parameters (empty for pools, flatten, dropout).</summary>
    public virtual IReadOnlyList<Parameter> Parameters => [];

    /// <summary>Zeroes the per-sample state at the start of a sample; draws dropout masks.</summary>
    public virtual void ResetState(Rng rng, bool training)
    {
    }

    /// <summary>
    /// False when no same-step backward follows the next forward pass, so a learning build may skip
    /// the caches only that backward reads (set by <see cref="Network.Step(ReadOnlySpan{float}, bool, bool)"/>).
    /// </summary>
    internal bool BackwardFollows { get; set; } = true;

    /// <summary>Computes this step's output from <paramref name="input"/> ([B, per-sample input]).</summary>
    public abstract void Forward(ReadOnlySpan<float> input, bool training);

    /// <summary>
    /// Same-step backward of the learning signal: <paramref name="gradOutput"/> is ∂loss/∂output of
    /// this step. Accumulates parameter gradients and, when <paramref name="needGradInput"/>,
    /// writes ∂loss/∂input into <paramref name="gradInput"/>. <paramref name="input"/> is the
    /// same input the forward pass of this step received.
    /// </summary>
    public abstract void Backward(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradInput, bool needGradInput);

    /// <summary>Recomputes caches derived from the parameters (after they changed).</summary>
    public virtual void RefreshWeights()
    {
    }

    /// <summary>Maps gradients accumulated with respect to cached quantities to the parameters.</summary>
    public virtual void FinishGradients()
    {
    }

    /// <summary>Per-sample slice of a batch-major buffer.</summary>
    protected static Span<float> Sample(Span<float> buffer, int b, int size) => buffer.Slice(b * size, size);

    /// <summary>Per-sample slice of a batch-major buffer.</summary>
    protected static ReadOnlySpan<float> Sample(ReadOnlySpan<float> buffer, int b, int size) => buffer.Slice(b * size, size);
}
