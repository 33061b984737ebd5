using Edge.Runtime.Memory;
using Edge.Runtime.Specs;

namespace Edge.Runtime.Layers;

/// <summary>
/// A spiking convolution or dense layer with BP-STA's HTGLIF neurons (<c>"neuron": "htglif"</c>):
/// I = max(0, W_eff ⋆ x + b), then <see cref="HtglifNeurons"/>. The official block is
/// Conv → BN → ReLU → node; the runtime has no batch normalization (its synapses use S-TLLR's
/// weight standardization instead) and keeps the rectification, so the node sees I ≥ 0 as in the
/// official network. BP-STA trains it through time (the <c>bpsta</c> rule); <see cref="Backward"/>
/// is the same-step part of that backward (no temporal path).
/// </summary>
public sealed class HtglifLayer : SynapseLayer
{
    private readonly float[]? _delta;

    internal HtglifLayer(LayerSpec spec, int index, TensorShape input, TensorShape output, BuildContext ctx)
        : base(spec, index, input, output, ctx)
    {
        Neurons = new HtglifNeurons(spec, ctx.Batch * output.Size, ctx);
        if (ctx.Learning)
        {
            _delta = ctx.Ledger.Floats(MemoryCategory.Scratch, ctx.Batch * output.Size);
        }
    }

    /// <summary>The layer's neurons.</summary>
    public HtglifNeurons Neurons { get; }

    /// <inheritdoc />
    public override void ResetState(Rng rng, bool training) => Neurons.Reset();

    /// <inheritdoc />
    public override void Forward(ReadOnlySpan<float> input, bool training)
    {
        ComputeCurrent(input);
        var current = Current.AsSpan();
        for (var i = 0; i < current.Length; i++)
        {
            current[i] = MathF.Max(current[i], 0f);
        }
        Neurons.Step(current, Output);
    }

    /// <summary>
    /// ∂loss/∂I of the step, from ∂loss/∂s (<paramref name="delta"/> in) and δ[t+1] (the carried
    /// part of <paramref name="delta"/>), times the rectifier's derivative [I &gt; 0]; in place.
    /// <paramref name="membrane"/> and <paramref name="current"/> are the step's m and I.
    /// </summary>
    public void CurrentGradient(ReadOnlySpan<float> membrane, ReadOnlySpan<float> current, ReadOnlySpan<float> gradSpikes, Span<float> delta, Span<float> currentGrad)
    {
        HtglifNeurons.Backward(membrane, gradSpikes, Neurons.Decay, Neurons.Threshold, delta);
        for (var i = 0; i < delta.Length; i++)
        {
            currentGrad[i] = current[i] > 0f ? delta[i] : 0f;
        }
    }

    /// <inheritdoc />
    public override void Backward(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradInput, bool needGradInput)
    {
        var delta = _delta ?? throw new InvalidOperationException("the layer was built for inference only");
        var n = delta.Length;
        Array.Clear(delta);
        CurrentGradient(Neurons.PreResetMembrane, Current, gradOutput[..n], delta, delta);
        SynapseBackward(input, delta, gradInput, needGradInput);
    }
}
