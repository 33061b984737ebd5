using Edge.Accelerator.Counting;
using Edge.Accelerator.Mapping;
using Edge.Runtime.Kernels;
using Edge.Runtime.Layers;
using Edge.Runtime.Specs;

namespace Edge.Accelerator.Execution;

/// <summary>
/// S-TLLR on the spiking layer's cores. Every step the post-neuron microcode computes y3 = Ψ(u − θ)
/// and y1 = λ_post·y1 + y3 (7-bit traces, stochastic rounding) and each input axon keeps
/// x1 = λ_pre·x1 + x. At a learning step the neuron receives its learning signal as y2 (8-bit signed,
/// one exponent per layer and step) and the learning engine adds, for every synapse,
/// <code>
/// α_post·y2·y1[t−1]·x0  +  α_pre·y2·y3·x1      (x0: this step's input count)
/// </code>
/// — S-TLLR's non-causal and causal terms — to its accumulator; the neuron adds y2·y3 to its bias
/// register. The signal passed down is y2·y3 back-projected through the quantised weights.
/// </summary>
internal sealed partial class LifStage
{
    private TraceFormat _preFormat;
    private TraceFormat _postFormat;
    private TraceFormat _recurrentFormat;
    private byte[] _psi = [];
    private byte[] _tracePost = [];
    private byte[] _tracePostPrevious = [];
    private byte[]? _traceRecurrent;
    private byte[]? _traceRecurrentPrevious;
    private int[]? _previousSpikesUsed;
    private short[] _y2 = [];
    private int[] _a = [];
    private int[] _b = [];
    private int[] _c = [];
    private float[] _signal = [];
    private LearningEngine? _engine;
    private LearningEngine? _engineRecurrent;
    private BiasAccumulator? _biasAccumulator;
    private EngineScale _alphaPost;
    private EngineScale _alphaPre;

    /// <summary>The format of x1.</summary>
    public TraceFormat PreTraceFormat => _preFormat;

    /// <summary>The format of y1 and y3.</summary>
    public TraceFormat PostTraceFormat => _postFormat;

    /// <summary>The rule's α_post and α_pre as the engine holds them (divided by the folded pool size).</summary>
    public (EngineScale Post, EngineScale Pre) Alphas => (_alphaPost, _alphaPre);

    /// <summary>Learning-engine and bias accumulators the host drains after a sample.</summary>
    public long AccumulatorEntries => (_engine?.Entries ?? 0) + (_engineRecurrent?.Entries ?? 0) + (_biasAccumulator?.Entries ?? 0);

    private void InitLearning(NetworkMapping mapping)
    {
        var n = OutputShape.Size;
        var steps = mapping.Spec.TimeSteps;
        var f = _spec.Factors;
        // Inputs are spikes (sums of spikes after a folded pool) or, from the host, event counts: 4 a step is the nominal top [A].
        var maxInput = (Mapping.Producer < 0 ? 4.0 : 1.0) * Mapping.FoldDivisor;
        _preFormat = TraceFormat.For(f.LambdaPre, maxInput, steps, Chip.TraceBits, Chip.TraceFractionBits);
        _postFormat = TraceFormat.For(f.LambdaPost, PsiMax(_spec.Psi), steps, Chip.TraceBits, Chip.TraceFractionBits);
        _alphaPost = EngineScale.From(f.AlphaPost / Mapping.FoldDivisor, Chip.ScaleMantissaBits);
        _alphaPre = EngineScale.From(f.AlphaPre / Mapping.FoldDivisor, Chip.ScaleMantissaBits);
        _psi = new byte[n];
        _tracePost = new byte[n];
        _tracePostPrevious = new byte[n];
        _y2 = new short[n];
        _a = new int[n];
        _b = new int[n];
        _c = new int[n];
        _signal = new float[n];
        var bytes = (Mapping.Encoding!.PlasticBits + 7) / 8;
        var dense = Chip.Execution == Chips.ExecutionStyle.Dense;
        var learnSteps = mapping.Spec.EffectiveLearnSteps;
        _engine = new LearningEngine(Geometry, Partition, Chip.LearningAccumulatorBits, bytes, Rounder!, !dense, learnSteps);
        _biasAccumulator = new BiasAccumulator(n, _spec.Out, Chip.MembraneBits, Rounder!);
        if (_spec.Kind == LayerKind.LinearRecurrent)
        {
            _recurrentFormat = TraceFormat.For(f.LambdaPre, 1, steps, Chip.TraceBits, Chip.TraceFractionBits);
            _traceRecurrent = new byte[_spec.Out];
            _traceRecurrentPrevious = new byte[_spec.Out];
            _previousSpikesUsed = new int[_spec.Out];
            _engineRecurrent = new LearningEngine(ConvGeometry.Linear(_spec.Out, _spec.Out), Partition, Chip.LearningAccumulatorBits, bytes, Rounder!, !dense, learnSteps);
        }
    }

    private void ResetTraces()
    {
        if (!Learning)
        {
            return;
        }
        Array.Clear(TracePre!);
        Array.Clear(_tracePost);
        Array.Clear(_tracePostPrevious);
        if (_traceRecurrent is not null)
        {
            Array.Clear(_traceRecurrent);
        }
    }

    /// <summary>Ψ of neuron i from its pre-reset v (membrane steps), and its post trace; returns 1 when the microcode had work.</summary>
    private int UpdatePostTrace(int i, long v)
    {
        var max = Chip.TraceMax;
        var psi = (byte)_postFormat.Quantize(Psi.Evaluate(_spec.Psi, (float)(v / MembraneScale)), max);
        var old = _tracePost[i];
        _psi[i] = psi;
        _tracePostPrevious[i] = old;
        if ((psi | old) == 0)
        {
            return 0;
        }
        var z = Rounder!.Shift((long)old * _postFormat.Decay, _postFormat.FractionBits) + psi;
        if (z > max)
        {
            Saturated();
            z = max;
        }
        _tracePost[i] = (byte)z;
        return 1;
    }

    /// <summary>The recurrent input's trace: keeps s[t−1] and its trace for this step's learning, then adds s[t].</summary>
    private void UpdateRecurrentTrace(int[] previousSpikes, ChipCounters counters)
    {
        previousSpikes.AsSpan().CopyTo(_previousSpikesUsed);
        _traceRecurrent.AsSpan().CopyTo(_traceRecurrentPrevious);
        UpdateTrace(Output, _traceRecurrent!, _recurrentFormat, counters);
    }

    /// <inheritdoc />
    public override void Backward(ReadOnlySpan<int> input, ReadOnlySpan<float> gradOutput, Span<float> gradInput, bool needInput, ChipCounters counters)
    {
        var e = Signal(gradOutput, counters);
        for (var i = 0; i < _y2.Length; i++)
        {
            _a[i] = _alphaPost.Mantissa * _y2[i] * _tracePostPrevious[i];
            _b[i] = _alphaPre.Mantissa * _y2[i] * _psi[i];
            _c[i] = _y2[i] * _psi[i];
        }
        var post = e + _postFormat.UnitBits;
        _engine!.Accumulate(input, TracePre, _a, _b, _alphaPost.Exponent - post, _alphaPre.Exponent - post - _preFormat.UnitBits, counters);
        _engineRecurrent?.Accumulate(_previousSpikesUsed, _traceRecurrentPrevious, _a, _b,
            _alphaPost.Exponent - post, _alphaPre.Exponent - post - _recurrentFormat.UnitBits, counters);
        counters.Add(Counter.Saturations, Partition.FirstCore, _biasAccumulator!.Accumulate(_c, -post));
        CountDense(counters);
        if (needInput)
        {
            var unit = (float)Math.Pow(2, -post);
            for (var i = 0; i < _c.Length; i++)
            {
                _signal[i] = _c[i] * unit;
            }
            SynapseKernels.InputGrad(Geometry, _signal, Weights.Dequantized, gradInput);
            CountFeedback(counters);
        }
    }

    /// <summary>Drains the accumulators into the host copy's gradients (∂/∂W_eff, ∂/∂W_rec_eff, ∂/∂b).</summary>
    public void Drain(LifLayer host)
    {
        ArgumentNullException.ThrowIfNull(host);
        _engine!.Drain(host.Synapse.EffectiveGrad);
        if (host is LifRecurrent rec)
        {
            _engineRecurrent!.Drain(rec.Recurrent.EffectiveGrad);
        }
        if (host.Bias?.Grad is { } db)
        {
            _biasAccumulator!.Drain(db);
        }
    }

    /// <summary>
    /// Quantises this step's learning signal L into y2 (8-bit signed, one exponent for the layer,
    /// stochastic rounding) and counts its delivery; returns the exponent e (y2 ≈ L·2^e).
    /// </summary>
    private int Signal(ReadOnlySpan<float> l, ChipCounters counters)
    {
        var largest = 0f;
        foreach (var v in l[.._y2.Length])
        {
            largest = Math.Max(largest, Math.Abs(v));
        }
        var max = (1 << Chip.TraceBits) - 1;
        var e = largest > 0 ? (int)Math.Floor(Math.Log2(max / largest)) : 0;
        var scale = Math.Pow(2, e);
        var p = Partition;
        int cout = Geometry.OutChannels, wout = Geometry.OutWidth;
        for (var y = 0; y < Geometry.OutHeight; y++)
        {
            for (var x = 0; x < wout; x++)
            {
                for (var g = 0; g < p.Groups; g++)
                {
                    var o0 = g * p.GroupChannels;
                    var received = 0;
                    for (var o = o0; o < o0 + p.ChannelsIn(g); o++)
                    {
                        var i = (((y * wout) + x) * cout) + o;
                        var q = l[i] == 0 ? 0 : Rounder!.Round(l[i] * scale);
                        _y2[i] = (short)Math.Clamp(q, -max, max);
                        received += q != 0 ? 1 : 0;
                    }
                    counters.Add(Counter.LearningSignalMessages, p.CoreOf(y, x, o0), received);
                }
            }
        }
        return e;
    }

    /// <summary>What the engine visits without skipping zeros; a dense engine evaluates every term.</summary>
    private void CountDense(ChipCounters counters)
    {
        var instances = InstancesPerCore;
        var dense = Chip.Execution == Chips.ExecutionStyle.Dense;
        for (var k = 0; k < instances.Length; k++)
        {
            counters.Add(Counter.SynUpdatesDense, Partition.FirstCore + k, instances[k]);
            if (dense)
            {
                counters.Add(Counter.SynUpdates, Partition.FirstCore + k, instances[k]);
                counters.Add(Counter.SynUpdateTerms, Partition.FirstCore + k, 2 * instances[k]);
            }
        }
    }

    /// <summary>Synaptic operations of the back-projection: every non-zero y2·y3 meets its neuron's fan-in.</summary>
    private void CountFeedback(ChipCounters counters)
    {
        var g = Geometry;
        var p = Partition;
        for (var y = 0; y < g.OutHeight; y++)
        {
            var tapsY = Taps(y, g.Stride, g.Padding, g.Kernel, g.InHeight);
            for (var x = 0; x < g.OutWidth; x++)
            {
                var fanIn = (long)tapsY * Taps(x, g.Stride, g.Padding, g.Kernel, g.InWidth) * g.InChannels;
                for (var grp = 0; grp < p.Groups; grp++)
                {
                    var o0 = grp * p.GroupChannels;
                    var sending = 0;
                    for (var o = o0; o < o0 + p.ChannelsIn(grp); o++)
                    {
                        sending += _c[(((y * g.OutWidth) + x) * g.OutChannels) + o] != 0 ? 1 : 0;
                    }
                    if (sending > 0)
                    {
                        counters.Add(Counter.FeedbackSynops, p.CoreOf(y, x, o0), sending * fanIn);
                    }
                }
            }
        }
    }

    private static int Taps(int o, int stride, int pad, int k, int n)
    {
        var lo = Math.Max(0, (o * stride) - pad);
        var hi = Math.Min(n, (o * stride) - pad + k);
        return Math.Max(0, hi - lo);
    }

    private static double PsiMax(PsiKind kind) => kind == PsiKind.Triangle03 ? 0.3 : 1.0;
}
