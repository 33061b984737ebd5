using Edge.Runtime.Specs;

namespace Edge.Runtime.Layers;

/// <summary>
/// A spiking convolution or dense layer with the dual-exponential neurons of event-driven learning
/// (<c>"neuron": "dual-exp"</c>): I = W_eff ⋆ x + b, then <see cref="DualExpNeurons"/>. Its gradient
/// exists only at spike events and spans the interval since the previous spike, so it is learned
/// through time by the <c>event-driven</c> rule; there is no same-step backward.
/// </summary>
public sealed class DualExpLayer : SynapseLayer
{
    internal DualExpLayer(LayerSpec spec, int index, TensorShape input, TensorShape output, BuildContext ctx)
        : base(spec, index, input, output, ctx)
    {
        Neurons = new DualExpNeurons(spec, ctx.Batch * output.Size, ctx);
    }

    /// <summary>The layer's neurons.</summary>
    public DualExpNeurons Neurons { get; }

    /// <inheritdoc />
    public override void ResetState(Rng rng, bool training) => Neurons.Reset();

    /// <inheritdoc />
    public override void Forward(ReadOnlySpan<float> input, bool training)
    {
        ComputeCurrent(input);
        Neurons.Step(Current, Output);
    }

    /// <inheritdoc />
    public override void Backward(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradInput, bool needGradInput) =>
        throw new NotSupportedException("dual-exponential neurons learn through time with the event-driven rule, not from a same-step signal");
}
