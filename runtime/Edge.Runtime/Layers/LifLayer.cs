using Edge.Runtime.Kernels;
using Edge.Runtime.Memory;
using Edge.Runtime.Specs;

namespace Edge.Runtime.Layers;

/// <summary>
/// A spiking layer: a synapse (convolution or dense) and LIF neurons with the post trace trΨ and Ψ
/// that S-TLLR reads. The layer runs the forward pass only; each learning rule keeps its own part
/// per layer (S-TLLR's presynaptic traces and update: <c>Learning/Stllr/LifStllr</c>; OTTT and
/// e-prop: <c>LifEligibility</c>; BPTT: <c>LifThroughTime</c>).
/// </summary>
public abstract partial class LifLayer : Layer
{
    private readonly float[] _current;
    private IReadOnlyList<Parameter>? _parameters;
    private readonly ParallelForward? _parallel;

    /// <summary>Builds the synapse and neurons.</summary>
    protected LifLayer(LayerSpec spec, int index, TensorShape input, TensorShape output, BuildContext ctx, ConvGeometry geometry, int[] weightShape)
        : base(spec, index, input, output, ctx)
    {
        Geometry = geometry;
        var ledger = ctx.Ledger;
        // A transposed convolution keeps its weights in its mirror correlation's layout and has no
        // transposed copy (its input gradient is the mirror's forward); it runs on one thread.
        Synapse = new SynapseWeights(geometry.Transposed ? geometry.Mirror : geometry, spec.Standardize, "weight", "gain", ctx, weightShape,
            transposedWeights: ctx.Learning && ctx.PassesSignalDown && !geometry.Transposed);
        if (spec.Bias)
        {
            Bias = new Parameter("bias", [geometry.OutChannels], ledger.Floats(MemoryCategory.Parameters, geometry.OutChannels),
                ctx.Learning ? ledger.Floats(MemoryCategory.Gradients, geometry.OutChannels) : null);
        }
        Neurons = new LifNeurons(spec, ctx.Batch * output.Size, ctx);
        _current = ledger.Floats(MemoryCategory.Scratch, ctx.Batch * output.Size);
        if (ctx.Workers is { Threads: > 1 } workers && !geometry.Transposed)
        {
            _parallel = new ParallelForward(this, workers);
        }
    }

    /// <summary>Synapse shape (what the kernels run; <see cref="SynapseWeights.Geometry"/> is the weights' layout).</summary>
    public ConvGeometry Geometry { get; }

    /// <summary>Feed-forward weights (raw, gain, cached W_eff).</summary>
    public SynapseWeights Synapse { get; }

    /// <summary>Bias, or null.</summary>
    public Parameter? Bias { get; }

    /// <summary>The layer's neurons and post trace.</summary>
    public LifNeurons Neurons { get; }

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
    public override void ResetState(Rng rng, bool training) => Neurons.Reset();

    /// <inheritdoc />
    public override void Forward(ReadOnlySpan<float> input, bool training)
    {
        Neurons.KeepsBackwardCaches = BackwardFollows;
        BeforeStep();
        if (_parallel is not null && _parallel.Owns(input))
        {
            _parallel.Forward();
            return;
        }
        var inSize = Geometry.InSize;
        var outSize = Geometry.OutSize;
        var bias = Bias is null ? ReadOnlySpan<float>.Empty : Bias.Value;
        for (var b = 0; b < Batch; b++)
        {
            SynapseKernels.Forward(Geometry, Sample(input, b, inSize), Synapse.Effective, bias, Sample(_current.AsSpan(), b, outSize));
        }
        Neurons.Step(_current, RecurrentCurrent(), Output);
    }

    /// <summary>Recurrent input current of this step (empty for feed-forward layers).</summary>
    protected virtual ReadOnlySpan<float> RecurrentCurrent() => [];

    /// <summary>Bookkeeping before the step (the recurrent layer takes the last step's spikes as its input).</summary>
    protected virtual void BeforeStep()
    {
    }

    /// <summary>
    /// Not supported: a LIF layer has no backward of its own. Its learning rule computes it from
    /// the rule's own state (S-TLLR: <c>LifStllr</c>; OTTT, e-prop: <c>LifEligibility</c>; BPTT: <c>LifThroughTime</c>).
    /// </summary>
    /// <exception cref="NotSupportedException">Always.</exception>
    public override void Backward(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradInput, bool needGradInput) =>
        throw new NotSupportedException("a LIF layer learns through its learning rule's per-layer part, not through Layer.Backward");

    /// <summary>The recurrent current buffer filled by <see cref="ComputeRecurrentCurrent"/>, or null for feed-forward layers.</summary>
    protected virtual float[]? RecurrentCurrentBuffer => null;

    /// <summary>Computes the channels of <paramref name="part"/> of the recurrent current of every sample (one worker's share).</summary>
    protected virtual void ComputeRecurrentCurrent(SynapsePart part)
    {
    }

    /// <summary>Rows of the recurrent weights (0 for feed-forward layers).</summary>
    protected virtual int RecurrentRows => 0;

    /// <inheritdoc />
    public override void RefreshWeights() => Synapse.Refresh();

    /// <inheritdoc />
    public override void FinishGradients() => Synapse.FinishGradients();
}
