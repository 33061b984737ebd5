using Edge.Runtime;
using Edge.Runtime.Kernels;
using Edge.Runtime.Layers;
using Edge.Runtime.Specs;

namespace Edge.Host.Measurement;

/// <summary>
/// NeuroBench's size and activity figures of a network: its parameters, its dense MACs per step,
/// and its effective synaptic operations per step — every non-zero input to a synapse (a spike, or
/// an event count) times the connections it drives, for the feed-forward and recurrent synapses
/// of every layer and the readout. Counted after each step from the network's own buffers.
/// </summary>
internal sealed class SynapticOperations
{
    private readonly Network _network;
    private readonly (int Layer, double FanOut, bool Recurrent)[] _synapses;

    public SynapticOperations(Network network)
    {
        _network = network;
        var synapses = new List<(int, double, bool)>();
        foreach (var layer in network.Layers)
        {
            if (GeometryOf(layer) is { } g)
            {
                synapses.Add((layer.Index, g.DenseMacs / (double)g.InSize, false));
                DenseMacsPerStep += g.DenseMacs;
            }
            if (layer is LifRecurrent recurrent)
            {
                var r = recurrent.Recurrent.Geometry;
                synapses.Add((layer.Index, r.DenseMacs / (double)r.InSize, true));
                DenseMacsPerStep += r.DenseMacs;
            }
        }
        _synapses = [.. synapses];
        foreach (var (_, p) in network.Parameters())
        {
            Parameters += p.Count;
        }
    }

    /// <summary>Trainable parameters.</summary>
    public long Parameters { get; }

    /// <summary>Dense multiply-accumulates of one step (every connection, whatever the input).</summary>
    public long DenseMacsPerStep { get; }

    /// <summary>Effective synaptic operations counted so far.</summary>
    public double Total { get; private set; }

    /// <summary>Steps counted so far.</summary>
    public long Steps { get; private set; }

    /// <summary>Mean effective synaptic operations per step.</summary>
    public double PerStep => Steps == 0 ? 0 : Total / Steps;

    /// <summary>Counts the step just run.</summary>
    public void AfterStep()
    {
        foreach (var (layer, fanOut, recurrent) in _synapses)
        {
            var input = recurrent ? ((LifRecurrent)_network.Layers[layer]).PreviousSpikes : _network.InputOf(layer);
            Total += NonZero(input) * fanOut;
        }
        Steps++;
    }

    private static ConvGeometry? GeometryOf(Layer layer) => layer switch
    {
        LifLayer lif => lif.Geometry,
        SynapseLayer synapse => synapse.Geometry,
        _ when layer.Spec.Kind is LayerKind.ReadoutLinear or LayerKind.ReadoutLeaky => ConvGeometry.Linear(layer.Spec.In, layer.Spec.Out),
        _ => null,
    };

    private static int NonZero(ReadOnlySpan<float> values)
    {
        var n = 0;
        foreach (var v in values)
        {
            n += v != 0f ? 1 : 0;
        }
        return n;
    }
}
