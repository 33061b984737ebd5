using Edge.Accelerator.Counting;
using Edge.Accelerator.Mapping;

namespace Edge.Accelerator.Execution;

/// <summary>
/// Counts what one spike costs the network: the spike itself, one message per destination core (the
/// consumer's cores its window reaches, the layer's own cores for recurrence, or the host), the
/// receiving axon stage and the hops of each route.
/// </summary>
internal sealed class SpikeRouter
{
    private readonly Mesh _mesh;
    private readonly LayerMapping? _consumer;
    private readonly bool _toHost;
    private readonly Partition? _self;
    private readonly int[] _destinations;

    public SpikeRouter(NetworkMapping mapping, int layer, bool recurrent)
    {
        ArgumentNullException.ThrowIfNull(mapping);
        _mesh = mapping.Mesh;
        _consumer = mapping.ConsumerOf(layer);
        _toHost = mapping.SendsToHost(layer);
        _self = recurrent ? mapping.Layers[layer].Partition : null;
        _destinations = new int[_consumer is null ? 1 : Math.Max(1, Destinations.Max(_consumer.Connectivity!, _consumer.Partition!.Value))];
    }

    /// <summary>Counts one spike of neuron (y, x, c) held by core <paramref name="core"/>.</summary>
    public void Spike(int core, int y, int x, int c, ChipCounters counters)
    {
        counters.Add(Counter.Spikes, core, 1);
        if (_consumer is not null)
        {
            var n = Destinations.Of(_consumer.Connectivity!, _consumer.Partition!.Value, y, x, c, _destinations);
            Send(core, _destinations.AsSpan(0, n), counters);
        }
        if (_self is { } self)
        {
            for (var dest = self.FirstCore; dest < self.FirstCore + self.Cores; dest++)
            {
                Send(core, dest, counters);
            }
        }
        if (_toHost)
        {
            counters.Add(Counter.Messages, core, 1);
            counters.Route(core, _mesh.Between(core, -1));
        }
    }

    /// <summary>Counts one message from <paramref name="from"/> to each core of <paramref name="to"/>.</summary>
    public void Send(int from, ReadOnlySpan<int> to, ChipCounters counters)
    {
        foreach (var dest in to)
        {
            Send(from, dest, counters);
        }
    }

    private void Send(int from, int dest, ChipCounters counters)
    {
        counters.Add(Counter.Messages, from, 1);
        counters.Add(Counter.MessagesIn, dest, 1);
        counters.Route(from, _mesh.Between(from, dest));
    }
}
