using Edge.Accelerator.Counting;
using Edge.Accelerator.Mapping;
using Edge.Runtime.Kernels;
using Edge.Runtime.Layers;
using Edge.Runtime.Specs;

namespace Edge.Accelerator.Execution;

/// <summary>
/// The readout as non-spiking compartments: v = W·x + b every step (readout-linear: no memory;
/// readout-leaky: v ← v·(2^12 − δ)/2^12 + W·x + b), never firing; the host reads the values every step
/// (3-byte values, counted as 4). Learning: the engine adds y2·x (y2·x1 with the input trace for the
/// leaky readout) to each synapse's accumulator and y2 to each bias register.
/// </summary>
internal sealed class CompartmentStage : SynapticStage, IReadoutStage
{
    private readonly bool _leaky;
    private readonly int _keep;
    private readonly int[] _bias;
    private readonly int[] _v;
    private readonly float[] _logits;
    private readonly TraceFormat _preFormat;
    private readonly EngineScale _alpha;
    private readonly LearningEngine? _engine;
    private readonly BiasAccumulator? _biasAccumulator;
    private readonly short[] _y2;
    private readonly int[] _a;
    private readonly int[] _zero;
    private readonly float[] _signal;
    private readonly byte[] _noTrace;

    public CompartmentStage(NetworkMapping mapping, LayerMapping layer, TensorShape input, TensorShape output, bool learning)
        : base(mapping, layer, input, output, ConvGeometry.Linear(layer.Spec.In, layer.Spec.Out), learning)
    {
        var spec = layer.Spec;
        var n = spec.Out;
        _leaky = spec.Kind == LayerKind.ReadoutLeaky;
        _keep = (1 << Chip.DecayBits) - (int)Math.Round((1 << Chip.DecayBits) * (1 - spec.Decay));
        _bias = new int[n];
        _v = new int[n];
        _logits = new float[n];
        _y2 = new short[n];
        _a = new int[n];
        _zero = new int[n];
        _signal = new float[n];
        _noTrace = new byte[input.Size];
        _alpha = EngineScale.From(1.0 / layer.FoldDivisor, Chip.ScaleMantissaBits);
        if (learning)
        {
            _preFormat = TraceFormat.For(spec.Factors.LambdaPre, layer.FoldDivisor, mapping.Spec.TimeSteps, Chip.TraceBits, Chip.TraceFractionBits);
            var bytes = (layer.Encoding!.PlasticBits + 7) / 8;
            _engine = new LearningEngine(Geometry, Partition, Chip.LearningAccumulatorBits, bytes, Rounder!, Chip.Execution != Chips.ExecutionStyle.Dense,
                mapping.Spec.EffectiveLearnSteps);
            _biasAccumulator = new BiasAccumulator(n, n, Chip.MembraneBits, Rounder!);
        }
    }

    /// <inheritdoc />
    public ReadOnlySpan<float> Logits => _logits;

    /// <summary>The voltage decay actually applied (readout-leaky), (2^12 − δ)/2^12.</summary>
    public double Decay => _keep / (double)(1 << Chip.DecayBits);

    /// <summary>Learning-engine and bias accumulators the host drains after a sample.</summary>
    public long AccumulatorEntries => (_engine?.Entries ?? 0) + (_biasAccumulator?.Entries ?? 0);

    /// <summary>Loads the readout's weights (divided by the folded pool's size) and bias from the CPU layer.</summary>
    public long Load(Layer source, bool rescale)
    {
        var (weights, bias) = WeightsOf(source);
        var divisor = 1f / Mapping.FoldDivisor;
        if (rescale || Scale == 0)
        {
            var max = QuantizedWeights.MaxAbs(weights.Effective, divisor);
            Scale = max > 0 ? Chip.WeightMax / max : 1;
        }
        var clipped = Weights.Load(weights.Effective, divisor, Scale, Chip.WeightMax);
        for (var o = 0; o < _bias.Length; o++)
        {
            _bias[o] = bias is null ? 0 : (int)Math.Clamp(Math.Round(bias.Value[o] * MembraneScale), -Chip.MembraneMax, Chip.MembraneMax);
        }
        return clipped;
    }

    /// <inheritdoc />
    public override void Reset()
    {
        Array.Clear(_v);
        if (TracePre is not null)
        {
            Array.Clear(TracePre);
        }
    }

    /// <inheritdoc />
    public override void Forward(ReadOnlySpan<int> input, ChipCounters counters)
    {
        Integrate(input, counters, Learning && _leaky ? _preFormat : null);
        var max = Chip.MembraneMax;
        var p = Partition;
        for (var o = 0; o < _v.Length; o++)
        {
            var old = _v[o];
            var v = (_leaky ? (long)old * _keep / (1 << Chip.DecayBits) : 0) + Current[o] + _bias[o];
            if (v > max || v < -max - 1)
            {
                Saturated();
                v = Math.Clamp(v, -max - 1, max);
            }
            _v[o] = (int)v;
            Output[o] = (int)v;
            _logits[o] = (float)(v / MembraneScale);
            var core = p.CoreOf(0, 0, o);
            counters.Add(Touched[0] != 0 ? Counter.NeuronUpdatesActive : Counter.NeuronUpdatesIdle, core, 1);
            counters.Add(Counter.MembraneUpdates, core, v != old ? 1 : 0);
        }
        counters.Host(HostCounter.TransferBytes, Index, 4L * _v.Length);
        counters.Host(HostCounter.Ops, Index, _v.Length);
        FlushSaturations(counters);
    }

    /// <inheritdoc />
    public override void Backward(ReadOnlySpan<int> input, ReadOnlySpan<float> gradOutput, Span<float> gradInput, bool needInput, ChipCounters counters)
    {
        var largest = 0f;
        foreach (var l in gradOutput[.._y2.Length])
        {
            largest = Math.Max(largest, Math.Abs(l));
        }
        var max = (1 << Chip.TraceBits) - 1;
        var e = largest > 0 ? (int)Math.Floor(Math.Log2(max / largest)) : 0;
        var scale = Math.Pow(2, e);
        var p = Partition;
        for (var o = 0; o < _y2.Length; o++)
        {
            _y2[o] = (short)Math.Clamp(gradOutput[o] == 0 ? 0 : Rounder!.Round(gradOutput[o] * scale), -max, max);
            _a[o] = _alpha.Mantissa * _y2[o];
            counters.Add(Counter.LearningSignalMessages, p.CoreOf(0, 0, o), _y2[o] != 0 ? 1 : 0);
        }
        counters.Host(HostCounter.TransferBytes, Index, 4L * _y2.Length);
        if (_leaky)
        {
            _engine!.Accumulate(input, TracePre, _zero, _a, 0, _alpha.Exponent - e - _preFormat.UnitBits, counters);
        }
        else
        {
            _engine!.Accumulate(input, _noTrace, _a, _zero, _alpha.Exponent - e, 0, counters);
        }
        var c = _a;
        for (var o = 0; o < _y2.Length; o++)
        {
            c[o] = _y2[o];
        }
        counters.Add(Counter.Saturations, p.FirstCore, _biasAccumulator!.Accumulate(c, -e));
        var instances = InstancesPerCore;
        for (var k = 0; k < instances.Length; k++)
        {
            counters.Add(Counter.SynUpdatesDense, p.FirstCore + k, instances[k]);
            if (Chip.Execution == Chips.ExecutionStyle.Dense)
            {
                counters.Add(Counter.SynUpdates, p.FirstCore + k, instances[k]);
                counters.Add(Counter.SynUpdateTerms, p.FirstCore + k, instances[k]);
            }
        }
        if (needInput)
        {
            var unit = (float)Math.Pow(2, -e);
            var sending = 0;
            for (var o = 0; o < _y2.Length; o++)
            {
                _signal[o] = _y2[o] * unit;
                sending += _y2[o] != 0 ? 1 : 0;
            }
            SynapseKernels.InputGrad(Geometry, _signal, Weights.Dequantized, gradInput);
            counters.Add(Counter.FeedbackSynops, p.FirstCore, (long)sending * Geometry.InChannels);
        }
    }

    /// <summary>Drains the accumulators into the host copy's gradients.</summary>
    public void Drain(Layer host)
    {
        var (weights, bias) = WeightsOf(host);
        _engine!.Drain(weights.EffectiveGrad);
        if (bias?.Grad is { } db)
        {
            _biasAccumulator!.Drain(db);
        }
    }

    private static (SynapseWeights Weights, Parameter? Bias) WeightsOf(Layer layer) => layer switch
    {
        ReadoutLinear r => (r.Weights, r.Bias),
        ReadoutLeaky r => (r.Weights, r.Bias),
        _ => throw new ArgumentException("not a readout layer", nameof(layer)),
    };
}
