using System.Numerics.Tensors;
using Edge.Runtime.Kernels;
using Edge.Runtime.Memory;
using Edge.Runtime.Specs;

namespace Edge.Runtime.Layers;

/// <summary>
/// A spiking layer trained by S-TLLR: a synapse (convolution or dense), LIF neurons, and the
/// presynaptic trace of its input. Learning at a step with signal L (∂loss/∂s):
/// <code>
/// g      = L ⊙ Ψ
/// ΔW_eff += α_post·corr(L ⊙ trΨ[t−1], x[t]) + α_pre·corr(g, trx[t])
/// Δb     += Σ g
/// L_in   = g ⋆ W_effᵀ          (only when a layer below learns)
/// </code>
/// (learning-rules.md §1.4 and §1.8; golden/README.md §3).
/// </summary>
public abstract partial class LifLayer : Layer
{
    private readonly float _lambdaPre;
    private readonly float _alphaPre;
    private readonly float _alphaPost;
    private readonly float[] _current;
    private readonly float[]? _signal;
    private readonly float[]? _nonCausal;
    private IReadOnlyList<Parameter>? _parameters;
    private readonly ParallelState? _parallel;

    /// <summary>Builds the synapse, neurons and traces.</summary>
    protected LifLayer(LayerSpec spec, int index, TensorShape input, TensorShape output, BuildContext ctx, ConvGeometry geometry, int[] weightShape)
        : base(spec, index, input, output, ctx)
    {
        Geometry = geometry;
        _lambdaPre = spec.Factors.LambdaPre;
        _alphaPre = spec.Factors.AlphaPre;
        _alphaPost = spec.Factors.AlphaPost;
        var ledger = ctx.Ledger;
        Synapse = new SynapseWeights(geometry, spec.Standardize, "weight", "gain", ctx, weightShape,
            transposedWeights: ctx.Learning && ctx.PassesSignalDown);
        if (spec.Bias)
        {
            Bias = new Parameter("bias", [geometry.OutChannels], ledger.Floats(MemoryCategory.Parameters, geometry.OutChannels),
                ctx.Learning ? ledger.Floats(MemoryCategory.Gradients, geometry.OutChannels) : null);
        }
        Neurons = new LifNeurons(spec, ctx.Batch * output.Size, ctx);
        _current = ledger.Floats(MemoryCategory.Scratch, ctx.Batch * output.Size);
        if (ctx.Learning && ctx.Traces)
        {
            TracePre = ledger.Floats(MemoryCategory.TemporalState, ctx.Batch * input.Size);
            _signal = ledger.Floats(MemoryCategory.Scratch, output.Size);
            _nonCausal = ledger.Floats(MemoryCategory.Scratch, output.Size);
        }
        if (ctx.Workers is { Threads: > 1 } workers)
        {
            _parallel = new ParallelState(this, workers, ctx);
        }
    }

    /// <summary>Synapse shape.</summary>
    public ConvGeometry Geometry { get; }


    /// <summary>Feed-forward weights (raw, gain, cached W_eff).</summary>
    public SynapseWeights Synapse { get; }

    /// <summary>Bias, or null.</summary>
    public Parameter? Bias { get; }

    /// <summary>The layer's neurons and post trace.</summary>
    public LifNeurons Neurons { get; }

    /// <summary>Presynaptic trace trx of the input, after this step (learning builds with traces).</summary>
    public float[]? TracePre { get; }

    /// <inheritdoc />
    public override IReadOnlyList<Parameter> Parameters => _parameters ??= CollectParameters();

    /// <summary>All parameters in PyTorch state_dict order.</summary>
    protected virtual IReadOnlyList<Parameter> CollectParameters()
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

    /// <inheritdoc />
    public override void ResetState(Rng rng, bool training)
    {
        Neurons.Reset();
        if (TracePre is not null)
        {
            Array.Clear(TracePre);
        }
    }

    /// <inheritdoc />
    public override void Forward(ReadOnlySpan<float> input, bool training)
    {
        Neurons.KeepsBackwardCaches = BackwardFollows;
        if (_parallel is not null && _parallel.Owns(input))
        {
            _parallel.Forward();
            AfterStep();
            return;
        }
        var inSize = Geometry.InSize;
        var outSize = Geometry.OutSize;
        if (TracePre is not null)
        {
            // trx ← λ_pre·trx + x (before the LIF update; includes x[t]).
            TensorPrimitives.MultiplyAdd(TracePre, _lambdaPre, input[..TracePre.Length], TracePre);
        }
        var bias = Bias is null ? ReadOnlySpan<float>.Empty : Bias.Value;
        for (var b = 0; b < Batch; b++)
        {
            SynapseKernels.Forward(Geometry, Sample(input, b, inSize), Synapse.Effective, bias, Sample(_current.AsSpan(), b, outSize));
        }
        Neurons.Step(_current, RecurrentCurrent(), Output);
        AfterStep();
    }

    /// <summary>Recurrent input current of this step (empty for feed-forward layers).</summary>
    protected virtual ReadOnlySpan<float> RecurrentCurrent() => [];

    /// <summary>Bookkeeping after the neurons fired (the recurrent layer keeps its spikes).</summary>
    protected virtual void AfterStep()
    {
    }

    /// <inheritdoc />
    public override void Backward(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradInput, bool needGradInput)
    {
        if (_parallel is not null && _parallel.Owns(input) && TracePre is not null)
        {
            _parallel.Backward(gradOutput, gradInput, needGradInput);
            return;
        }
        var inSize = Geometry.InSize;
        var outSize = Geometry.OutSize;
        var cout = Geometry.OutChannels;
        var dW = Synapse.EffectiveGrad!;
        var g = _signal!.AsSpan();
        var g1 = _nonCausal!.AsSpan();
        for (var b = 0; b < Batch; b++)
        {
            var l = Sample(gradOutput, b, outSize);
            TensorPrimitives.Multiply(l, Sample(Neurons.Psi!.AsSpan(), b, outSize), g);
            TensorPrimitives.Multiply(l, Sample(Neurons.TracePostPrevious!.AsSpan(), b, outSize), g1);
            if (_alphaPost != 0f)
            {
                SynapseKernels.AccumulateWeightGrad(Geometry, Sample(input, b, inSize), g1, _alphaPost, dW);
            }
            if (_alphaPre != 0f)
            {
                SynapseKernels.AccumulateWeightGrad(Geometry, Sample(TracePre.AsSpan(), b, inSize), g, _alphaPre, dW);
            }
            if (Bias?.Grad is { } db)
            {
                Simd.AddRows(g[..outSize], cout, db);
            }
            AccumulateRecurrentGradients(b, g, g1);
            if (needGradInput)
            {
                if (Synapse.EffectiveTransposed is { } wt)
                {
                    SynapseKernels.InputGradTransposed(Geometry, g, wt, Sample(gradInput, b, inSize));
                }
                else
                {
                    SynapseKernels.InputGrad(Geometry, g, Synapse.Effective, Sample(gradInput, b, inSize));
                }
            }
        }
    }

    /// <summary>
    /// Recurrent weight gradients for sample <paramref name="b"/>, given g = L⊙Ψ and L⊙trΨ[t−1]
    /// (feed-forward layers have none).
    /// </summary>
    protected virtual void AccumulateRecurrentGradients(int b, ReadOnlySpan<float> g, ReadOnlySpan<float> nonCausal)
    {
    }

    /// <summary>Recurrent weight-gradient rows [rowFrom, rowTo) for sample <paramref name="b"/> (one worker's share).</summary>
    protected virtual void AccumulateRecurrentGradients(int b, ReadOnlySpan<float> g, ReadOnlySpan<float> nonCausal, int rowFrom, int rowTo)
    {
    }

    /// <summary>The recurrent current buffer filled by <see cref="ComputeRecurrentCurrent"/>, or null for feed-forward layers.</summary>
    protected virtual float[]? RecurrentCurrentBuffer => null;

    /// <summary>Computes the channels of <paramref name="part"/> of the recurrent current of every sample (one worker's share).</summary>
    protected virtual void ComputeRecurrentCurrent(SynapsePart part)
    {
    }

    /// <summary>Rows of the recurrent weights (0 for feed-forward layers).</summary>
    protected virtual int RecurrentRows => 0;

    /// <summary>α_pre and α_post of this layer.</summary>
    protected (float Pre, float Post) Alphas => (_alphaPre, _alphaPost);

    /// <inheritdoc />
    public override void RefreshWeights() => Synapse.Refresh();

    /// <inheritdoc />
    public override void FinishGradients() => Synapse.FinishGradients();
}
