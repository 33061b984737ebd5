using System.Globalization;
using Edge.Accelerator.Chips;

namespace Edge.Accelerator.Mapping;

/// <summary>The chosen encoding and split of a layer.</summary>
/// <param name="Encoding">Synapse encoding.</param>
/// <param name="GroupChannels">Output channels per core.</param>
/// <param name="TileHeight">Output rows per core.</param>
/// <param name="TileWidth">Output columns per core.</param>
/// <param name="Cores">Cores used.</param>
public readonly record struct PartitionChoice(SynapseEncoding Encoding, int GroupChannels, int TileHeight, int TileWidth, int Cores);

/// <summary>
/// Finds the split of a layer over the fewest cores such that the fullest core respects every per-core
/// limit (neurons, synaptic memory, input axons), trying each encoding the chip supports. Ties go to
/// fewer channel groups (fewer messages per spike), then to less memory. Only the distinct splits are
/// tried (for n rows, the tile heights ⌈n/k⌉), so the search is small.
/// </summary>
public static class PartitionSearch
{
    /// <summary>The best split, or a <see cref="MappingException"/> naming the limit that not even one neuron per core meets.</summary>
    public static PartitionChoice Find(Connectivity c, ChipDescription chip, bool plastic, bool feedbackCopy, int sourceCores, string layerName)
    {
        ArgumentNullException.ThrowIfNull(c);
        ArgumentNullException.ThrowIfNull(chip);
        PartitionChoice? best = null;
        long bestMemory = long.MaxValue;
        foreach (var encoding in chip.Encodings)
        {
            foreach (var cg in Sizes(c.OutChannels))
            {
                foreach (var th in Sizes(c.OutHeight))
                {
                    foreach (var tw in Sizes(c.OutWidth))
                    {
                        if ((long)cg * th * tw > chip.NeuronsPerCore)
                        {
                            continue;
                        }
                        var cores = Ceil(c.OutChannels, cg) * Ceil(c.OutHeight, th) * Ceil(c.OutWidth, tw);
                        if (best is { } b && (cores > b.Cores || (cores == b.Cores && Ceil(c.OutChannels, cg) > Ceil(c.OutChannels, b.GroupChannels))))
                        {
                            continue;
                        }
                        var memory = Fullest(c, encoding, plastic, feedbackCopy, cg, th, tw, sourceCores, cores, chip, out var fits);
                        if (!fits)
                        {
                            continue;
                        }
                        if (best is { } b2 && cores == b2.Cores && Ceil(c.OutChannels, cg) == Ceil(c.OutChannels, b2.GroupChannels) && memory >= bestMemory)
                        {
                            continue;
                        }
                        best = new PartitionChoice(encoding, cg, th, tw, cores);
                        bestMemory = memory;
                    }
                }
            }
        }
        return best ?? throw Diagnose(c, chip, plastic, feedbackCopy, sourceCores, layerName);
    }

    /// <summary>Memory of the fullest core of a split (an upper bound), and whether every core fits.</summary>
    private static long Fullest(Connectivity c, SynapseEncoding encoding, bool plastic, bool feedbackCopy, int cg, int th, int tw, int sourceCores,
        int cores, ChipDescription chip, out bool fits)
    {
        var load = CoreLoad.Bound(c, encoding, cg, th, tw, sourceCores, cores);
        var memory = load.MemoryBytes(encoding, plastic, feedbackCopy);
        fits = memory <= chip.SynapticMemoryBytes && load.Axons <= chip.FanInAxons;
        return memory;
    }

    private static MappingException Diagnose(Connectivity c, ChipDescription chip, bool plastic, bool feedbackCopy, int sourceCores, string layerName)
    {
        var reasons = new List<string>();
        var axonFailures = 0;
        foreach (var encoding in chip.Encodings)
        {
            var load = CoreLoad.Bound(c, encoding, 1, 1, 1, sourceCores, c.Neurons);
            var worstMemory = load.MemoryBytes(encoding, plastic, feedbackCopy);
            var worstAxons = load.Axons;
            if (worstAxons > chip.FanInAxons)
            {
                reasons.Add(string.Create(CultureInfo.InvariantCulture,
                    $"{encoding.Name}: one neuron needs {worstAxons} input axons, a core has {chip.FanInAxons} (fan_in_axons)"));
                axonFailures++;
            }
            else
            {
                reasons.Add(string.Create(CultureInfo.InvariantCulture,
                    $"{encoding.Name}: one neuron needs {worstMemory} bytes of synaptic memory, a core has {chip.SynapticMemoryBytes} (synaptic_memory_bytes)"));
            }
        }
        var limit = axonFailures == chip.Encodings.Count ? "fan_in_axons" : "synaptic_memory_bytes";
        return new MappingException(limit, $"{layerName} does not fit a core of {chip.Name} even with one neuron per core: {string.Join("; ", reasons)}");
    }

    /// <summary>The distinct block sizes ⌈n/k⌉ for k = 1 … n, largest first.</summary>
    private static IEnumerable<int> Sizes(int n)
    {
        var last = -1;
        for (var k = 1; k <= n; k++)
        {
            var size = Ceil(n, k);
            if (size != last)
            {
                last = size;
                yield return size;
            }
        }
    }

    private static int Ceil(int a, int b) => (a + b - 1) / b;
}
