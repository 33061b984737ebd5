using Edge.Runtime.Kernels;
using Edge.Runtime.Memory;
using Edge.Runtime.Specs;

namespace Edge.Runtime.Layers;

/// <summary>
/// A spiking fully connected layer with recurrent weights (the official LinearRecSTLLR, SHD):
/// u = γ·ũ + W_eff·x + b + W_rec_eff·s[t−1]. The recurrent synapse has its own standardization
/// and gain (and, under S-TLLR, its own terms); no gradient flows through the recurrent input.
/// </summary>
public sealed class LifRecurrent : LifLayer
{
    private readonly float[] _recurrentCurrent;

    internal LifRecurrent(LayerSpec spec, int index, TensorShape input, TensorShape output, BuildContext ctx)
        : base(spec, index, input, output, ctx, ConvGeometry.Linear(spec.In, spec.Out), [spec.Out, spec.In])
    {
        var ledger = ctx.Ledger;
        var n = ctx.Batch * spec.Out;
        Recurrent = new SynapseWeights(ConvGeometry.Linear(spec.Out, spec.Out), spec.Standardize, "weight_rec", "gain_rec", ctx, [spec.Out, spec.Out]);
        PreviousSpikes = ledger.Floats(MemoryCategory.TemporalState, n);
        _recurrentCurrent = ledger.Floats(MemoryCategory.Scratch, n);

        // weight: kaiming_normal_ (fan_in); weight_rec keeps nn.Linear-style kaiming_uniform_(a=√5): bound 1/√fan_in.
        Synapse.InitNormal(ctx.Init, Math.Sqrt(2.0 / spec.In));
        Recurrent.InitUniform(ctx.Init, 1.0 / Math.Sqrt(spec.Out));
        RefreshWeights();
    }

    /// <summary>Recurrent weights (raw, gain, cached W_rec_eff).</summary>
    public SynapseWeights Recurrent { get; }

    /// <summary>
    /// The recurrent input of the last step, s[t−1]: the spikes of the step before it, copied from
    /// <see cref="Layer.Output"/> when a step starts (zero on the first step of a sample).
    /// </summary>
    public float[] PreviousSpikes { get; }

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
        // s[−1] = 0: the first step takes it from the output.
        Array.Clear(Output);
    }

    /// <inheritdoc />
    protected override void BeforeStep() => Output.AsSpan().CopyTo(PreviousSpikes);

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
