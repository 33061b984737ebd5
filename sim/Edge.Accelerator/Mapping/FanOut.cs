using System.Globalization;

namespace Edge.Accelerator.Mapping;

/// <summary>
/// Output axons of every core, known once the consumers are placed: a population-axon consumer
/// takes one routing entry per destination core of the source core, a discrete consumer one per
/// destination core of each neuron; recurrence adds the layer's own cores and a host readout one
/// entry towards the host. Checks the fan-out limit.
/// </summary>
internal static class FanOut
{
    public static NetworkMapping Fill(NetworkMapping mapping)
    {
        var cores = new List<CorePlacement>(mapping.Cores);
        var chip = mapping.System.Chip;
        var seen = new int[Math.Max(1, cores.Count)];
        Array.Fill(seen, -1);
        foreach (var layer in mapping.Layers)
        {
            if (layer.Partition is not { } sp)
            {
                continue;
            }
            var consumer = mapping.ConsumerOf(layer.Index);
            var toHost = mapping.SendsToHost(layer.Index);
            var recurrent = layer.Connectivity!.RecurrentInputs > 0;
            var scratch = new int[consumer is null ? 1 : Math.Max(1, Destinations.Max(consumer.Connectivity!, consumer.Partition!.Value))];
            for (var local = 0; local < sp.Cores; local++)
            {
                var (g, ty, tx) = sp.Locate(local);
                var core = sp.FirstCore + local;
                var channels = sp.ChannelsIn(g);
                var neurons = channels * sp.RowsIn(ty) * sp.ColumnsIn(tx);
                long axons = 0;
                if (consumer is not null)
                {
                    axons += Count(consumer, sp, g, ty, tx, core, seen, scratch);
                }
                if (recurrent)
                {
                    axons += layer.Encoding!.PopulationAxons ? sp.Cores : (long)neurons * sp.Cores;
                }
                if (toHost)
                {
                    axons += layer.Encoding!.PopulationAxons ? 1 : neurons;
                }
                if (axons > chip.FanOutAxons)
                {
                    throw new MappingException("fan_out_axons", string.Create(CultureInfo.InvariantCulture,
                        $"$.layers[{layer.Index}]: core {core} would need {axons} output axons to reach its destinations, a core of {chip.Name} has {chip.FanOutAxons} (fan_out_axons)"));
                }
                cores[core] = cores[core] with { FanOutAxons = (int)axons };
            }
        }
        return mapping with { Cores = cores };
    }

    /// <summary>Routing entries of producer core (g, ty, tx) towards <paramref name="consumer"/>.</summary>
    private static long Count(LayerMapping consumer, Partition sp, int g, int ty, int tx, int core, int[] seen, int[] scratch)
    {
        var c = consumer.Connectivity!;
        var p = consumer.Partition!.Value;
        var population = consumer.Encoding!.PopulationAxons;
        int c0 = g * sp.GroupChannels, c1 = c0 + sp.ChannelsIn(g);
        long axons = 0;
        for (var y = ty * sp.TileHeight; y < (ty * sp.TileHeight) + sp.RowsIn(ty); y++)
        {
            for (var x = tx * sp.TileWidth; x < (tx * sp.TileWidth) + sp.ColumnsIn(tx); x++)
            {
                // Destinations depend on the channel only for depthwise consumers.
                var last = c.Depthwise ? c1 : c0 + 1;
                for (var ch = c0; ch < last; ch++)
                {
                    var n = Destinations.Of(c, p, y, x, ch, scratch);
                    if (!population)
                    {
                        axons += c.Depthwise ? n : (long)n * (c1 - c0);
                        continue;
                    }
                    for (var k = 0; k < n; k++)
                    {
                        if (seen[scratch[k]] != core)
                        {
                            seen[scratch[k]] = core;
                            axons++;
                        }
                    }
                }
            }
        }
        return axons;
    }
}
