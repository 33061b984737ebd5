using Edge.Accelerator.Chips;
using Edge.Accelerator.Counting;
using Edge.Accelerator.Mapping;
using Edge.Runtime.Kernels;
using Edge.Runtime.Specs;

namespace Edge.Accelerator.Execution;

/// <summary>
/// A layer with neurons and synapses on cores (a spiking layer or the readout's compartments): its
/// integer weights and the event-driven scatter of its input. Every non-zero input value v adds
/// v·w·2^6 to the 24-bit saturating dendritic accumulator of each neuron it reaches (a count of v is v
/// spikes, v·fan-out synaptic operations, counted on the receiving cores; a dense engine counts every
/// synapse every step instead). When learning, the presynaptic trace x1 of every input is kept here.
/// </summary>
internal abstract class SynapticStage : ChipStage
{
    private readonly HostInjector? _injector;
    private readonly long[] _instances;
    private readonly int[] _copies;
    private readonly bool _dense;
    private readonly int _entryBytes;
    private long _saturations;

    protected SynapticStage(NetworkMapping mapping, LayerMapping layer, TensorShape input, TensorShape output, ConvGeometry geometry, bool learning)
        : base(layer, input, output)
    {
        ArgumentNullException.ThrowIfNull(mapping);
        Chip = mapping.System.Chip;
        Geometry = geometry;
        Partition = layer.Partition!.Value;
        Weights = new QuantizedWeights(geometry.WeightCount, geometry.OutChannels);
        Current = new int[output.Size];
        Touched = new byte[geometry.OutHeight * geometry.OutWidth];
        _injector = layer.Producer < 0 ? new HostInjector(mapping, layer) : null;
        _dense = Chip.Execution == ExecutionStyle.Dense;
        _instances = Instances(layer);
        _copies = Copies(mapping, layer, geometry);
        _entryBytes = (layer.Encoding!.BitsPerEntry(layer.Plastic) + 7) / 8;
        Learning = learning;
        if (learning)
        {
            TracePre = new byte[input.Size];
            Rounder = new StochasticRounder(0xACCE1UL + (ulong)layer.Index);
        }
    }

    /// <summary>The chip.</summary>
    protected ChipDescription Chip { get; }

    /// <summary>The synapse shape (the runtime's; a dense layer is the 1×1 case).</summary>
    public ConvGeometry Geometry { get; }

    /// <summary>The split over cores.</summary>
    public Partition Partition { get; }

    /// <summary>The feed-forward weights.</summary>
    public QuantizedWeights Weights { get; }

    /// <summary>Integers per weight unit.</summary>
    public double Scale { get; protected set; }

    /// <summary>Membrane steps per unit of potential: Scale·2^shift.</summary>
    public double MembraneScale => Scale * (1 << Chip.WeightShiftBits);

    /// <summary>True when the stage keeps traces and learns.</summary>
    public bool Learning { get; }

    /// <summary>Presynaptic trace x1 of every input value (learning stages).</summary>
    public byte[]? TracePre { get; }

    /// <summary>Synapse instances per core per step (a dense engine's synaptic operations).</summary>
    protected ReadOnlySpan<long> InstancesPerCore => _instances;

    /// <summary>Synapse instances each core holds (what a dense engine evaluates per step).</summary>
    public IReadOnlyList<long> SynapsesPerCore => _instances;

    /// <summary>This step's dendritic input per neuron.</summary>
    protected int[] Current { get; }

    /// <summary>Output positions that received synaptic input this step.</summary>
    protected byte[] Touched { get; }

    /// <summary>The layer's stochastic rounding source (learning stages).</summary>
    protected StochasticRounder? Rounder { get; }

    /// <summary>Counts a saturated value (flushed to the counters once per step).</summary>
    protected void Saturated() => _saturations++;

    /// <summary>Clears the accumulators, scatters the input and counts it; updates x1 when learning.</summary>
    protected void Integrate(ReadOnlySpan<int> input, ChipCounters counters, TraceFormat? preTrace)
    {
        Array.Clear(Current);
        Array.Clear(Touched);
        Scatter(input, counters);
        if (_dense)
        {
            for (var k = 0; k < _instances.Length; k++)
            {
                counters.Add(Counter.Synops, Partition.FirstCore + k, _instances[k]);
                counters.Add(Counter.MemoryReadBytes, Partition.FirstCore + k, _instances[k] * _entryBytes);
            }
        }
        if (preTrace is { } format && TracePre is not null)
        {
            UpdateTrace(input, TracePre, format, counters);
        }
    }

    /// <summary>Flushes the step's saturation count.</summary>
    protected void FlushSaturations(ChipCounters counters)
    {
        if (_saturations > 0)
        {
            counters.Add(Counter.Saturations, Partition.FirstCore, _saturations);
            _saturations = 0;
        }
    }

    /// <summary>Adds w·factor into the accumulators, saturating at the membrane width.</summary>
    protected void Accumulate(ReadOnlySpan<short> w, Span<int> acc, int factor)
    {
        var max = Chip.MembraneMax;
        for (var o = 0; o < acc.Length; o++)
        {
            var sum = (long)acc[o] + (w[o] * factor);
            if (sum > max || sum < -max - 1)
            {
                _saturations++;
                sum = Math.Clamp(sum, -max - 1, max);
            }
            acc[o] = (int)sum;
        }
    }

    /// <summary>Counts <paramref name="count"/> synaptic operations into every output channel at (y, x), per core (event-driven engines).</summary>
    protected void CountSynops(int y, int x, int count, ChipCounters counters)
    {
        if (_dense)
        {
            return;
        }
        var p = Partition;
        for (var g = 0; g < p.Groups; g++)
        {
            var core = p.CoreOf(y, x, g * p.GroupChannels);
            var n = (long)count * p.ChannelsIn(g);
            counters.Add(Counter.Synops, core, n);
            counters.Add(Counter.MemoryReadBytes, core, n * _entryBytes);
        }
    }

    /// <summary>
    /// The trace of <paramref name="values"/>: z ← z·λ (stochastically rounded) + impulse·value, saturating
    /// at the trace width; counts the updates that changed or held a value, once per core holding a copy.
    /// </summary>
    protected void UpdateTrace(ReadOnlySpan<int> values, byte[] trace, TraceFormat format, ChipCounters counters)
    {
        var rounder = Rounder!;
        var max = Chip.TraceMax;
        var channels = trace.Length / _copies.Length;
        long updates = 0;
        for (var i = 0; i < trace.Length; i++)
        {
            var old = trace[i];
            var v = values[i];
            if (old == 0 && v == 0)
            {
                continue;
            }
            var z = rounder.Shift((long)old * format.Decay, format.FractionBits) + format.Impulse(v, rounder);
            if (z > max)
            {
                _saturations++;
                z = max;
            }
            trace[i] = (byte)z;
            // Each core holding synapses of an input keeps its own copy of the input's trace.
            updates += _copies[i / channels];
        }
        counters.Add(Phase.Learning, Counter.TraceUpdatesPre, Partition.FirstCore, updates);
    }

    private void Scatter(ReadOnlySpan<int> input, ChipCounters counters)
    {
        var g = Geometry;
        int cin = g.InChannels, cout = g.OutChannels, k = g.Kernel, s = g.Stride, pad = g.Padding, hout = g.OutHeight, wout = g.OutWidth;
        var shift = Chip.WeightShiftBits - Weights.Exponent;
        var w = Weights.Values;
        var nonZero = Weights.NonZeroPerRow;
        long effective = 0;
        for (var iy = 0; iy < g.InHeight; iy++)
        {
            for (var ix = 0; ix < g.InWidth; ix++)
            {
                var pixel = ((iy * g.InWidth) + ix) * cin;
                for (var c = 0; c < cin; c++)
                {
                    var v = input[pixel + c];
                    if (v == 0)
                    {
                        continue;
                    }
                    _injector?.Inject(iy, ix, c, v, counters);
                    for (var ky = 0; ky < k; ky++)
                    {
                        var ty = iy + pad - ky;
                        if (ty < 0 || ty % s != 0 || ty / s >= hout)
                        {
                            continue;
                        }
                        var y = ty / s;
                        for (var kx = 0; kx < k; kx++)
                        {
                            var tx = ix + pad - kx;
                            if (tx < 0 || tx % s != 0 || tx / s >= wout)
                            {
                                continue;
                            }
                            var x = tx / s;
                            var position = (y * wout) + x;
                            var row = (((ky * k) + kx) * cin) + c;
                            effective += nonZero[row];
                            Accumulate(w.AsSpan(row * cout, cout), Current.AsSpan(position * cout, cout), v << shift);
                            Touched[position] = 1;
                            CountSynops(y, x, v, counters);
                        }
                    }
                }
            }
        }
        counters.Add(Counter.EffectiveSynops, Partition.FirstCore, effective);
    }

    /// <summary>Cores each input pixel reaches (each keeps the traces of its axons).</summary>
    private static int[] Copies(NetworkMapping mapping, LayerMapping layer, ConvGeometry g)
    {
        var c = layer.Connectivity! with
        {
            FoldY = Window.Identity(g.InHeight),
            FoldX = Window.Identity(g.InWidth),
            FoldPixels = 1,
        };
        var p = layer.Partition!.Value;
        var scratch = new int[Math.Max(1, Destinations.Max(c, p))];
        var copies = new int[g.InHeight * g.InWidth];
        for (var y = 0; y < g.InHeight; y++)
        {
            for (var x = 0; x < g.InWidth; x++)
            {
                copies[(y * g.InWidth) + x] = Destinations.Of(c, p, y, x, 0, scratch);
            }
        }
        return copies;
    }

    /// <summary>Synapse instances (feed-forward and recurrent) each core holds.</summary>
    private static long[] Instances(LayerMapping layer)
    {
        var c = layer.Connectivity!;
        var p = layer.Partition!.Value;
        var counts = new long[p.Cores];
        for (var y = 0; y < p.Height; y++)
        {
            for (var x = 0; x < p.Width; x++)
            {
                for (var g = 0; g < p.Groups; g++)
                {
                    counts[p.CoreOf(y, x, g * p.GroupChannels) - p.FirstCore] += c.EntriesOf(y, x) * p.ChannelsIn(g);
                }
            }
        }
        return counts;
    }
}
