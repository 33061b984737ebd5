using Edge.Runtime.Kernels;
using Edge.Runtime.Memory;
using Edge.Runtime.Specs;

namespace Edge.Runtime.Layers;

/// <summary>
/// A spiking fully connected layer with recurrent weights (the official LinearRecSTLLR, SHD):
/// u = γ·ũ + W_eff·x + b + W_rec_eff·s[t−1]. The recurrent synapse has its own standardization
/// and gain and its own S-TLLR terms; no gradient flows through the recurrent input.
/// </summary>
public sealed class LifRecurrent : LifLayer
{
    private readonly float _lambdaPre;
    private readonly float[] _recurrentCurrent;

    internal LifRecurrent(LayerSpec spec, int index, TensorShape input, TensorShape output, BuildContext ctx)
        : base(spec, index, input, output, ctx, ConvGeometry.Linear(spec.In, spec.Out), [spec.Out, spec.In])
    {
        _lambdaPre = spec.Factors.LambdaPre;
        var ledger = ctx.Ledger;
        var n = ctx.Batch * spec.Out;
        Recurrent = new SynapseWeights(ConvGeometry.Linear(spec.Out, spec.Out), spec.Standardize, "weight_rec", "gain_rec", ctx, [spec.Out, spec.Out]);
        PreviousSpikes = ledger.Floats(MemoryCategory.TemporalState, n);
        _recurrentCurrent = ledger.Floats(MemoryCategory.Scratch, n);
        if (ctx.Learning && ctx.Traces)
        {
            TraceRecurrent = ledger.Floats(MemoryCategory.TemporalState, n);
            TraceRecurrentPrevious = ledger.Floats(MemoryCategory.StepCache, n);
            PreviousSpikesUsed = ledger.Floats(MemoryCategory.StepCache, n);
        }

        // weight: kaiming_normal_ (fan_in); weight_rec keeps nn.Linear-style kaiming_uniform_(a=√5): bound 1/√fan_in.
        Synapse.InitNormal(ctx.Init, Math.Sqrt(2.0 / spec.In));
        Recurrent.InitUniform(ctx.Init, 1.0 / Math.Sqrt(spec.Out));
        RefreshWeights();
    }

    /// <summary>Recurrent weights (raw, gain, cached W_rec_eff).</summary>
    public SynapseWeights Recurrent { get; }

    /// <summary>Spikes of the previous step, s[t−1] (the recurrent input).</summary>
    public float[] PreviousSpikes { get; }

    /// <summary>s[t−1] as used by this step's learning (learning builds).</summary>
    public float[]? PreviousSpikesUsed { get; }

    /// <summary>Trace of the recurrent input after this step, including s[t] (learning builds).</summary>
    public float[]? TraceRecurrent { get; }

    /// <summary>Trace of the recurrent input before this step (pairs with s[t−1]; learning builds).</summary>
    public float[]? TraceRecurrentPrevious { get; }

    /// <inheritdoc />
    protected override IReadOnlyList<Parameter> CollectParameters()
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
        if (Recurrent.Gain is not null)
        {
            list.Add(Recurrent.Gain);
        }
        list.Add(Recurrent.Weight);
        return list;
    }

    /// <inheritdoc />
    public override void ResetState(Rng rng, bool training)
    {
        base.ResetState(rng, training);
        Array.Clear(PreviousSpikes);
        if (TraceRecurrent is not null)
        {
            Array.Clear(TraceRecurrent);
        }
    }

    /// <inheritdoc />
    protected override ReadOnlySpan<float> RecurrentCurrent()
    {
        var n = Spec.Out;
        for (var b = 0; b < Batch; b++)
        {
            SynapseKernels.Forward(Recurrent.Geometry, Sample(PreviousSpikes.AsSpan(), b, n), Recurrent.Effective, [], Sample(_recurrentCurrent.AsSpan(), b, n));
        }
        return _recurrentCurrent;
    }

    /// <inheritdoc />
    protected override void AfterStep()
    {
        if (TraceRecurrent is not null)
        {
            TraceRecurrent.AsSpan().CopyTo(TraceRecurrentPrevious);
            PreviousSpikes.AsSpan().CopyTo(PreviousSpikesUsed);
            for (var i = 0; i < TraceRecurrent.Length; i++)
            {
                TraceRecurrent[i] = (_lambdaPre * TraceRecurrent[i]) + Output[i];
            }
        }
        Output.AsSpan().CopyTo(PreviousSpikes);
    }

    /// <inheritdoc />
    protected override void AccumulateRecurrentGradients(int b, ReadOnlySpan<float> g, ReadOnlySpan<float> nonCausal)
    {
        var n = Spec.Out;
        var dW = Recurrent.EffectiveGrad!;
        var (alphaPre, alphaPost) = Alphas;
        if (alphaPost != 0f)
        {
            SynapseKernels.AccumulateWeightGrad(Recurrent.Geometry, Sample(PreviousSpikesUsed.AsSpan(), b, n), nonCausal, alphaPost, dW);
        }
        if (alphaPre != 0f)
        {
            SynapseKernels.AccumulateWeightGrad(Recurrent.Geometry, Sample(TraceRecurrentPrevious.AsSpan(), b, n), g, alphaPre, dW);
        }
    }

    /// <inheritdoc />
    protected override void AccumulateRecurrentGradients(int b, ReadOnlySpan<float> g, ReadOnlySpan<float> nonCausal, int rowFrom, int rowTo)
    {
        var n = Spec.Out;
        var dW = Recurrent.EffectiveGrad!;
        var (alphaPre, alphaPost) = Alphas;
        var geometry = Recurrent.Geometry;
        if (alphaPost != 0f)
        {
            var spikes = Sample(PreviousSpikesUsed.AsSpan(), b, n);
            SynapseKernels.AccumulateWeightGrad(geometry, spikes, nonCausal, alphaPost, dW, SynapseKernels.IsSparse(geometry, spikes), rowFrom, rowTo);
        }
        if (alphaPre != 0f)
        {
            var trace = Sample(TraceRecurrentPrevious.AsSpan(), b, n);
            SynapseKernels.AccumulateWeightGrad(geometry, trace, g, alphaPre, dW, SynapseKernels.IsSparse(geometry, trace), rowFrom, rowTo);
        }
    }

    /// <inheritdoc />
    protected override float[]? RecurrentCurrentBuffer => _recurrentCurrent;

    /// <inheritdoc />
    protected override void ComputeRecurrentCurrent(SynapsePart part)
    {
        var n = Spec.Out;
        for (var b = 0; b < Batch; b++)
        {
            SynapseKernels.Forward(Recurrent.Geometry, Sample(PreviousSpikes.AsSpan(), b, n), Recurrent.Effective, [], Sample(_recurrentCurrent.AsSpan(), b, n), part);
        }
    }

    /// <inheritdoc />
    protected override int RecurrentRows => Spec.Out;

    /// <inheritdoc />
    public override void RefreshWeights()
    {
        base.RefreshWeights();
        Recurrent?.Refresh();
    }

    /// <inheritdoc />
    public override void FinishGradients()
    {
        base.FinishGradients();
        Recurrent.FinishGradients();
    }
}
