using Edge.Runtime.Kernels;
using Edge.Runtime.Memory;
using Edge.Runtime.Specs;

namespace Edge.Runtime.Layers;

/// <summary>
/// A spiking layer whose neurons come with a learning rule (HTGLIF for BP-STA, dual-exponential
/// for event-driven learning): the same synapse as <see cref="LifLayer"/> — convolution or dense,
/// weight standardization with gain, bias, the same initialisation and parameter names — feeding
/// the rule's own neurons. The synaptic current of the step is kept for the neurons.
/// </summary>
public abstract class SynapseLayer : Layer
{
    private readonly float[] _current;
    private IReadOnlyList<Parameter>? _parameters;

    /// <summary>Builds the synapse of a <c>conv2d</c> or <c>linear</c> spec.</summary>
    protected SynapseLayer(LayerSpec spec, int index, TensorShape input, TensorShape output, BuildContext ctx)
        : base(spec, index, input, output, ctx)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var conv = spec.Kind == LayerKind.Conv2d;
        Geometry = conv
            ? new ConvGeometry(input.C, input.H, input.W, spec.Out, spec.Kernel, spec.Stride, spec.Padding)
            : ConvGeometry.Linear(spec.In, spec.Out);
        int[] torchShape = conv ? [spec.Out, input.C, spec.Kernel, spec.Kernel] : [spec.Out, spec.In];
        var ledger = ctx.Ledger;
        Synapse = new SynapseWeights(Geometry, spec.Standardize, "weight", "gain", ctx, torchShape,
            transposedWeights: ctx.Learning && ctx.PassesSignalDown);
        if (spec.Bias)
        {
            Bias = new Parameter("bias", [Geometry.OutChannels], ledger.Floats(MemoryCategory.Parameters, Geometry.OutChannels),
                ctx.Learning ? ledger.Floats(MemoryCategory.Gradients, Geometry.OutChannels) : null);
        }
        _current = ledger.Floats(MemoryCategory.Scratch, ctx.Batch * output.Size);

        // The official initialisation of the same layer type (LifConv2d / LifLinear).
        Synapse.InitNormal(ctx.Init, Math.Sqrt(2.0 / (conv ? spec.Out * spec.Kernel * spec.Kernel : spec.In)));
        Synapse.Refresh();
    }

    /// <summary>Synapse shape.</summary>
    public ConvGeometry Geometry { get; }

    /// <summary>Weights (raw, gain, cached W_eff).</summary>
    public SynapseWeights Synapse { get; }

    /// <summary>Bias, or null.</summary>
    public Parameter? Bias { get; }

    /// <summary>The synaptic current W_eff ⋆ x + b of the last step, [B, outputs] (channels-last).</summary>
    public float[] Current => _current;

    /// <inheritdoc />
    public override IReadOnlyList<Parameter> Parameters => _parameters ??= CollectParameters();

    private List<Parameter> CollectParameters()
    {
        var list = new List<Parameter> { Synapse.Weight };
        if (Bias is not null)
        {
            list.Add(Bias);
        }
        if (Synapse.Gain is not null)
        {
            list.Add(Synapse.Gain);
        }
        return list;
    }

    /// <summary>Computes <see cref="Current"/> from this step's input.</summary>
    protected void ComputeCurrent(ReadOnlySpan<float> input)
    {
        var bias = Bias is null ? ReadOnlySpan<float>.Empty : Bias.Value;
        for (var b = 0; b < Batch; b++)
        {
            SynapseKernels.Forward(Geometry, Sample(input, b, Geometry.InSize), Synapse.Effective, bias, Sample(_current.AsSpan(), b, Geometry.OutSize));
        }
    }

    /// <summary>
    /// Accumulates the synapse's gradients for ∂loss/∂current = <paramref name="delta"/> with the
    /// step's <paramref name="input"/> and writes ∂loss/∂input when asked (see <see cref="SynapseBackprop"/>).
    /// </summary>
    public void SynapseBackward(ReadOnlySpan<float> input, ReadOnlySpan<float> delta, Span<float> gradInput, bool needGradInput) =>
        SynapseBackprop.Accumulate(Geometry, Synapse, Bias, Batch, input, delta, gradInput, needGradInput);

    /// <inheritdoc />
    public override void RefreshWeights() => Synapse.Refresh();

    /// <inheritdoc />
    public override void FinishGradients() => Synapse.FinishGradients();
}
