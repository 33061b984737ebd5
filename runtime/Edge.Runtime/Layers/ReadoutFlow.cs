using System.Numerics.Tensors;
using Edge.Runtime.Kernels;
using Edge.Runtime.Memory;
using Edge.Runtime.Specs;

namespace Edge.Runtime.Layers;

/// <summary>
/// The output head of a flow network: a non-spiking accumulating convolution from the decoder's
/// spikes to a dense 2-channel flow map (x then y displacement in pixels over the sample, per
/// output position), u[t] = γ·u[t−1] + W ⋆ x[t] + b, output u; γ = 1 accumulates. Raw weights.
/// S-TLLR learns it from the presynaptic trace trx = λ_pre·trx + x and the bias trace
/// tb = λ_pre·tb + 1: ΔW += corr(trx, L), Δb += tb·ΣL, L_in = L ⋆ Wᵀ. With λ_pre = γ (the
/// default) trx and tb are exactly ∂u[t]/∂W and ∂u[t]/∂b, so the update is the exact gradient of
/// a loss on u[t]; only the signal passed down stays within the step.
/// </summary>
public sealed class ReadoutFlow : Layer, IIntegratingReadout
{
    private readonly float _decay;
    private readonly float _lambdaPre;
    private readonly float[] _current;
    private IReadOnlyList<Parameter>? _parameters;
    private float _biasTrace;

    internal ReadoutFlow(LayerSpec spec, int index, TensorShape input, TensorShape output, BuildContext ctx)
        : base(spec, index, input, output, ctx)
    {
        Geometry = new ConvGeometry(input.C, input.H, input.W, spec.Out, spec.Kernel, 1, spec.Padding);
        _decay = spec.Decay;
        _lambdaPre = spec.Factors.LambdaPre;
        var ledger = ctx.Ledger;
        Weights = new SynapseWeights(Geometry, false, "weight", "gain", ctx, [spec.Out, input.C, spec.Kernel, spec.Kernel]);
        if (spec.Bias)
        {
            Bias = new Parameter("bias", [spec.Out], ledger.Floats(MemoryCategory.Parameters, spec.Out),
                ctx.Learning ? ledger.Floats(MemoryCategory.Gradients, spec.Out) : null);
        }
        Membrane = ledger.Floats(MemoryCategory.TemporalState, ctx.Batch * output.Size);
        _current = ledger.Floats(MemoryCategory.Scratch, ctx.Batch * output.Size);
        if (ctx.Learning && ctx.Traces)
        {
            TracePre = ledger.Floats(MemoryCategory.TemporalState, ctx.Batch * input.Size);
        }
        // A tenth of kaiming normal (fan-in), bias 0: the first flow maps start near zero.
        Weights.InitNormal(ctx.Init, 0.1 * Math.Sqrt(2.0 / (input.C * spec.Kernel * spec.Kernel)));
    }

    /// <summary>The synapse: a stride-1 convolution that keeps the input's height and width.</summary>
    public ConvGeometry Geometry { get; }

    /// <summary>The weights.</summary>
    public SynapseWeights Weights { get; }

    /// <summary>Bias, or null.</summary>
    public Parameter? Bias { get; }

    /// <summary>Integrator state u (equal to the output after a step), [B, H, W, 2].</summary>
    public float[] Membrane { get; }

    /// <summary>Input trace trx (learning builds with traces).</summary>
    public float[]? TracePre { get; }

    /// <inheritdoc />
    float IIntegratingReadout.Decay => _decay;

    /// <inheritdoc />
    public override IReadOnlyList<Parameter> Parameters => _parameters ??= Bias is null ? [Weights.Weight] : [Weights.Weight, Bias];

    /// <inheritdoc />
    public override void ResetState(Rng rng, bool training)
    {
        Array.Clear(Membrane);
        if (TracePre is not null)
        {
            Array.Clear(TracePre);
        }
        _biasTrace = 0f;
    }

    /// <inheritdoc />
    public override void Forward(ReadOnlySpan<float> input, bool training)
    {
        if (TracePre is not null)
        {
            TensorPrimitives.MultiplyAdd(TracePre, _lambdaPre, input[..TracePre.Length], TracePre);
            _biasTrace = (_lambdaPre * _biasTrace) + 1f;
        }
        var bias = Bias is null ? ReadOnlySpan<float>.Empty : Bias.Value;
        int n = Geometry.InSize, m = Geometry.OutSize;
        for (var b = 0; b < Batch; b++)
        {
            SynapseKernels.Forward(Geometry, input.Slice(b * n, n), Weights.Effective, bias, _current.AsSpan(b * m, m));
        }
        TensorPrimitives.MultiplyAdd(Membrane, _decay, _current, Membrane);
        Membrane.AsSpan().CopyTo(Output);
    }

    /// <inheritdoc />
    public override void Backward(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradInput, bool needGradInput)
    {
        var trace = TracePre ?? throw new InvalidOperationException("readout-flow learns from its input trace: build the network with traces (S-TLLR)");
        int n = Geometry.InSize, m = Geometry.OutSize;
        for (var b = 0; b < Batch; b++)
        {
            var l = gradOutput.Slice(b * m, m);
            SynapseKernels.AccumulateWeightGrad(Geometry, trace.AsSpan(b * n, n), l, 1f, Weights.EffectiveGrad!);
            if (Bias?.Grad is { } db)
            {
                for (var p = 0; p < m; p += Geometry.OutChannels)
                {
                    TensorPrimitives.MultiplyAdd(l.Slice(p, Geometry.OutChannels), _biasTrace, db, db);
                }
            }
            if (needGradInput)
            {
                SynapseKernels.InputGrad(Geometry, l, Weights.Effective, gradInput.Slice(b * n, n));
            }
        }
    }
}
