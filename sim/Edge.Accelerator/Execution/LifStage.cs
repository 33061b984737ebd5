using Edge.Accelerator.Counting;
using Edge.Accelerator.Mapping;
using Edge.Runtime.Kernels;
using Edge.Runtime.Layers;
using Edge.Runtime.Specs;

namespace Edge.Accelerator.Execution;

/// <summary>
/// A spiking layer (convolution, dense or recurrent) on cores, in the chip's integers. After the
/// synaptic input is integrated, each neuron updates u ← u·(2^12 − δ)/2^12 (toward zero) + input +
/// bias, saturating at 24 bits; it fires when u − θ &gt; 0 and resets (soft: u − θ; hard: 0). One
/// membrane step is 1/(scale·2^6) of a weight unit, as Loihi shifts weights by 6 bits; θ and the bias
/// are scaled with the weights, so the layer computes what the CPU layer computes up to the rounding
/// of its weights.
/// </summary>
internal sealed partial class LifStage : SynapticStage
{
    private readonly LayerSpec _spec;
    private readonly SpikeRouter _router;
    private readonly int[] _u;
    private readonly int[]? _previousSpikes;
    private readonly int _keep;
    private int _theta;
    private int _feedForwardExponent;
    private int _recurrentExponent;
    private readonly int[] _bias;

    public LifStage(NetworkMapping mapping, LayerMapping layer, TensorShape input, TensorShape output, bool learning)
        : base(mapping, layer, input, output, GeometryOf(layer.Spec, input), learning)
    {
        _spec = layer.Spec;
        _u = new int[output.Size];
        _bias = new int[_spec.Out];
        _keep = (1 << Chip.DecayBits) - (int)Math.Round((1 << Chip.DecayBits) * (1 - _spec.Decay));
        if (_spec.Kind == LayerKind.LinearRecurrent)
        {
            Recurrent = new QuantizedWeights(_spec.Out * _spec.Out, _spec.Out);
            _previousSpikes = new int[_spec.Out];
        }
        _router = new SpikeRouter(mapping, layer.Index, Recurrent is not null);
        if (learning)
        {
            InitLearning(mapping);
        }
    }

    /// <summary>The recurrent weights (linear-rec only).</summary>
    public QuantizedWeights? Recurrent { get; }

    /// <inheritdoc />
    public override bool Spiking => true;

    /// <summary>The decay actually applied, (2^12 − δ)/2^12.</summary>
    public double Decay => _keep / (double)(1 << Chip.DecayBits);

    /// <summary>The threshold in membrane steps.</summary>
    public int Threshold => _theta;

    /// <summary>The membrane of every neuron (after this step's reset).</summary>
    public ReadOnlySpan<int> Membrane => _u;

    /// <summary>
    /// Loads the layer's effective weights (W_eff, already standardized; W_rec_eff) and bias from the
    /// CPU layer. With <paramref name="rescale"/>, first chooses the scale that maps the largest weight
    /// to the largest integer (the host does this between samples, when the membranes are empty).
    /// Returns the number of weights clipped.
    /// </summary>
    public long Load(LifLayer source, bool rescale)
    {
        ArgumentNullException.ThrowIfNull(source);
        var divisor = 1f / Mapping.FoldDivisor;
        var feedForward = QuantizedWeights.MaxAbs(source.Synapse.Effective, divisor);
        var recurrent = source is LifRecurrent r ? QuantizedWeights.MaxAbs(r.Recurrent.Effective, 1f) : 0;
        if (rescale || Scale == 0)
        {
            var max = Math.Max(feedForward, recurrent);
            Scale = max > 0 ? Chip.WeightMax / max : 1;
            _feedForwardExponent = Exponent(feedForward);
            _recurrentExponent = Exponent(recurrent);
        }
        var clipped = Weights.Load(source.Synapse.Effective, divisor, Scale, Chip.WeightMax, _feedForwardExponent);
        if (source is LifRecurrent rec)
        {
            clipped += Recurrent!.Load(rec.Recurrent.Effective, 1f, Scale, Chip.WeightMax, _recurrentExponent);
        }
        _theta = (int)Math.Round(_spec.Threshold * MembraneScale);
        var max24 = Chip.MembraneMax;
        for (var o = 0; o < _bias.Length; o++)
        {
            _bias[o] = source.Bias is null ? 0 : (int)Math.Clamp(Math.Round(source.Bias.Value[o] * MembraneScale), -max24, max24);
        }
        return clipped;
    }

    /// <inheritdoc />
    public override void Reset()
    {
        Array.Clear(_u);
        if (_previousSpikes is not null)
        {
            Array.Clear(_previousSpikes);
        }
        ResetTraces();
    }

    /// <inheritdoc />
    public override void Forward(ReadOnlySpan<int> input, ChipCounters counters)
    {
        Integrate(input, counters, Learning ? PreTraceFormat : null);
        if (_previousSpikes is not null)
        {
            ScatterRecurrent(counters);
        }
        UpdateNeurons(counters);
        if (_previousSpikes is not null)
        {
            if (Learning)
            {
                UpdateRecurrentTrace(_previousSpikes, counters);
            }
            Output.AsSpan().CopyTo(_previousSpikes);
        }
        FlushSaturations(counters);
    }

    /// <summary>The recurrent input: last step's spikes through the recurrent weights.</summary>
    private void ScatterRecurrent(ChipCounters counters)
    {
        var n = _spec.Out;
        var w = Recurrent!.Values;
        for (var j = 0; j < n; j++)
        {
            if (_previousSpikes![j] == 0)
            {
                continue;
            }
            Accumulate(w.AsSpan(j * n, n), Current.AsSpan(0, n), 1 << (Chip.WeightShiftBits - Recurrent.Exponent));
            counters.Add(Counter.EffectiveSynops, Partition.FirstCore, Recurrent.NonZeroPerRow[j]);
            Touched[0] = 1;
            CountSynops(0, 0, 1, counters);
        }
    }

    /// <summary>Leak, integrate, fire and reset every neuron; Ψ and the post trace when learning.</summary>
    private void UpdateNeurons(ChipCounters counters)
    {
        var p = Partition;
        int cout = Geometry.OutChannels, hout = Geometry.OutHeight, wout = Geometry.OutWidth;
        var decayBits = Chip.DecayBits;
        var max = Chip.MembraneMax;
        var soft = _spec.Reset == ResetMode.Soft;
        for (var y = 0; y < hout; y++)
        {
            for (var x = 0; x < wout; x++)
            {
                var position = (y * wout) + x;
                var touched = Touched[position] != 0;
                for (var g = 0; g < p.Groups; g++)
                {
                    var o0 = g * p.GroupChannels;
                    var core = p.CoreOf(y, x, o0);
                    int active = 0, changed = 0, traced = 0;
                    for (var o = o0; o < o0 + p.ChannelsIn(g); o++)
                    {
                        var i = (position * cout) + o;
                        var old = _u[i];
                        var u = ((long)old * _keep / (1 << decayBits)) + Current[i] + _bias[o];
                        if (u > max || u < -max - 1)
                        {
                            Saturated();
                            u = Math.Clamp(u, -max - 1, max);
                        }
                        var v = u - _theta;
                        var spike = v > 0;
                        if (Learning)
                        {
                            traced += UpdatePostTrace(i, v);
                        }
                        if (spike)
                        {
                            u = soft ? u - _theta : 0;
                            _router.Spike(core, y, x, o, counters);
                        }
                        Output[i] = spike ? 1 : 0;
                        _u[i] = (int)u;
                        changed += u != old ? 1 : 0;
                        active += touched || spike ? 1 : 0;
                    }
                    counters.Add(Counter.NeuronUpdatesActive, core, active);
                    counters.Add(Counter.NeuronUpdatesIdle, core, p.ChannelsIn(g) - active);
                    counters.Add(Counter.MembraneUpdates, core, changed);
                    if (traced > 0)
                    {
                        counters.Add(Phase.Learning, Counter.TraceUpdatesPost, core, traced);
                    }
                }
            }
        }
    }

    /// <summary>The weight exponent that gives a synapse set whose largest weight is <paramref name="max"/> the full integer range (at most the weight shift).</summary>
    private int Exponent(double max) =>
        max > 0 ? Math.Clamp((int)Math.Floor(Math.Log2(Chip.WeightMax / (max * Scale))), 0, Chip.WeightShiftBits) : 0;

    private static ConvGeometry GeometryOf(LayerSpec spec, TensorShape input) => spec.Kind == LayerKind.Conv2d
        ? new ConvGeometry(input.C, input.H, input.W, spec.Out, spec.Kernel, spec.Stride, spec.Padding)
        : ConvGeometry.Linear(spec.In, spec.Out);
}
