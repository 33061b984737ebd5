using System.Numerics.Tensors;
using Edge.Runtime.Kernels;
using Edge.Runtime.Memory;
using Edge.Runtime.Specs;

namespace Edge.Runtime.Layers;

/// <summary>
/// Non-spiking leaky integrator readout of the official SHD model (LinearSTLLR with
/// accumulate=True): u = γ·u + W·x + b with raw W, logits = u. Learning treats u[t−1] as a constant:
/// ΔW += Lᵀ·trx with trx = λ_pre·trx + x (λ_pre ≈ 0.99 approximates the leak), Δb += ΣL, L_in = L·W.
/// </summary>
public sealed class ReadoutLeaky : Layer, IIntegratingReadout
{
    private readonly ConvGeometry _geometry;
    private IReadOnlyList<Parameter>? _parameters;
    private readonly float _decay;
    private readonly float _lambdaPre;
    private readonly float[] _current;

    internal ReadoutLeaky(LayerSpec spec, int index, TensorShape input, TensorShape output, BuildContext ctx)
        : base(spec, index, input, output, ctx)
    {
        _geometry = ConvGeometry.Linear(spec.In, spec.Out);
        _decay = spec.Decay;
        _lambdaPre = spec.Factors.LambdaPre;
        var ledger = ctx.Ledger;
        Weights = new SynapseWeights(_geometry, false, "weight", "gain", ctx, [spec.Out, spec.In]);
        if (spec.Bias)
        {
            Bias = new Parameter("bias", [spec.Out], ledger.Floats(MemoryCategory.Parameters, spec.Out),
                ctx.Learning ? ledger.Floats(MemoryCategory.Gradients, spec.Out) : null);
        }
        Membrane = ledger.Floats(MemoryCategory.TemporalState, ctx.Batch * spec.Out);
        _current = ledger.Floats(MemoryCategory.Scratch, ctx.Batch * spec.Out);
        if (ctx.Learning && ctx.Traces)
        {
            TracePre = ledger.Floats(MemoryCategory.TemporalState, ctx.Batch * spec.In);
        }
        Weights.InitNormal(ctx.Init, Math.Sqrt(2.0 / spec.In)); // kaiming_normal_ (fan_in), bias 0
    }

    /// <summary>The weights.</summary>
    public SynapseWeights Weights { get; }

    /// <inheritdoc />
    ConvGeometry IIntegratingReadout.Geometry => _geometry;

    /// <inheritdoc />
    float IIntegratingReadout.Decay => _decay;

    /// <summary>Bias, or null.</summary>
    public Parameter? Bias { get; }

    /// <summary>Integrator state u (equal to the output after a step).</summary>
    public float[] Membrane { get; }

    /// <summary>Input trace trx (learning builds with traces).</summary>
    public float[]? TracePre { get; }

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
    }

    /// <inheritdoc />
    public override void Forward(ReadOnlySpan<float> input, bool training)
    {
        if (TracePre is not null)
        {
            TensorPrimitives.MultiplyAdd(TracePre, _lambdaPre, input[..TracePre.Length], TracePre);
        }
        var bias = Bias is null ? ReadOnlySpan<float>.Empty : Bias.Value;
        for (var b = 0; b < Batch; b++)
        {
            SynapseKernels.Forward(_geometry, Sample(input, b, Spec.In), Weights.Effective, bias, Sample(_current.AsSpan(), b, Spec.Out));
        }
        TensorPrimitives.MultiplyAdd(Membrane, _decay, _current, Membrane);
        Membrane.AsSpan().CopyTo(Output);
    }

    /// <inheritdoc />
    public override void Backward(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradInput, bool needGradInput)
    {
        for (var b = 0; b < Batch; b++)
        {
            var l = Sample(gradOutput, b, Spec.Out);
            SynapseKernels.AccumulateWeightGrad(_geometry, Sample(TracePre.AsSpan(), b, Spec.In), l, 1f, Weights.EffectiveGrad!);
            if (Bias?.Grad is { } db)
            {
                TensorPrimitives.Add(db, l, db);
            }
            if (needGradInput)
            {
                SynapseKernels.InputGrad(_geometry, l, Weights.Effective, Sample(gradInput, b, Spec.In));
            }
        }
    }
}
