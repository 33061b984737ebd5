using Edge.Accelerator.Counting;
using Edge.Accelerator.Mapping;

namespace Edge.Accelerator.Execution;

/// <summary>
/// Counts the input a layer receives from the host (the sensor's event counts, or values the host
/// computed): each count of n at an input value is n input spikes, each sent to every core its window
/// reaches, from the host port at the mesh corner. Pools between the host and the layer are summed by
/// the host before injection [A].
/// </summary>
internal sealed class HostInjector
{
    private readonly Connectivity _wiring;
    private readonly Partition _partition;
    private readonly Mesh _mesh;
    private readonly int[] _destinations;

    public HostInjector(NetworkMapping mapping, LayerMapping layer)
    {
        ArgumentNullException.ThrowIfNull(mapping);
        ArgumentNullException.ThrowIfNull(layer);
        var c = layer.Connectivity!;
        _wiring = c with
        {
            FoldY = Window.Identity(c.KernelY.Inputs),
            FoldX = Window.Identity(c.KernelX.Inputs),
            FoldPixels = 1,
            SourceChannels = c.InputChannels,
        };
        if (c.KernelY.Inputs == 1 && c.KernelX.Inputs == 1)
        {
            _wiring = _wiring with { FoldY = Window.Identity(1), FoldX = Window.Identity(1) };
        }
        _partition = layer.Partition!.Value;
        _mesh = mapping.Mesh;
        _destinations = new int[Math.Max(1, Destinations.Max(_wiring, _partition))];
    }

    /// <summary>Counts <paramref name="count"/> input spikes at input (y, x, c).</summary>
    public void Inject(int y, int x, int c, int count, ChipCounters counters)
    {
        var n = Destinations.Of(_wiring, _partition, y, x, c, _destinations);
        for (var k = 0; k < n; k++)
        {
            var dest = _destinations[k];
            counters.Add(Counter.InputMessages, dest, count);
            counters.Route(dest, _mesh.Between(-1, dest), count);
        }
    }
}
