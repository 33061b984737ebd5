using Edge.Accelerator.Chips;

namespace Edge.Accelerator.Mapping;

/// <summary>What one core of a layer holds: neurons, synapse entries, input axons and memory.</summary>
/// <param name="Neurons">Neurons (compartments).</param>
/// <param name="Entries">Synapse entries (feed-forward and recurrent).</param>
/// <param name="FeedForwardEntries">Of which feed-forward (the learning signal's transposed copy mirrors these).</param>
/// <param name="Axons">Input axons.</param>
public readonly record struct CoreLoad(int Neurons, long Entries, long FeedForwardEntries, long Axons)
{
    /// <summary>Synaptic memory in bytes with <paramref name="encoding"/>.</summary>
    public long MemoryBytes(SynapseEncoding encoding, bool plastic, bool feedbackCopy)
    {
        ArgumentNullException.ThrowIfNull(encoding);
        var bits = (Entries * encoding.BitsPerEntry(plastic)) + (Axons * encoding.AxonHeaderBits);
        if (feedbackCopy)
        {
            bits += FeedForwardEntries * encoding.StaticBits;
        }
        return (bits + 7) / 8;
    }

    /// <summary>
    /// The load of the core holding <paramref name="channels"/> output channels over output rows
    /// [y, y + rows) and columns [x, x + cols). <paramref name="sourceCores"/> is the number of cores
    /// (or host ports) its population axons come from; <paramref name="ownCores"/> those of the layer
    /// itself (recurrence).
    /// </summary>
    public static CoreLoad Of(Connectivity c, SynapseEncoding encoding, int channels, int y, int rows, int x, int cols, int sourceCores, int ownCores)
    {
        ArgumentNullException.ThrowIfNull(c);
        var (r0, r1) = c.SourceRows(y, rows);
        var (c0, c1) = c.SourceColumns(x, cols);
        return Compose(c, encoding, channels, rows, cols, Taps(c.KernelY, y, rows), Taps(c.KernelX, x, cols), r1 - r0, c1 - c0, sourceCores, ownCores);
    }

    /// <summary>
    /// An upper bound of the load of every core of a split into <paramref name="channels"/> ×
    /// <paramref name="rows"/> × <paramref name="cols"/> blocks: each factor (taps, source rows and
    /// columns) at its largest over the tile rows and columns. The load is separable, so this scans
    /// the rows and the columns once each.
    /// </summary>
    public static CoreLoad Bound(Connectivity c, SynapseEncoding encoding, int channels, int rows, int cols, int sourceCores, int ownCores)
    {
        ArgumentNullException.ThrowIfNull(c);
        long tapsY = 0, tapsX = 0;
        int srcRows = 0, srcCols = 0;
        for (var y = 0; y < c.OutHeight; y += rows)
        {
            var n = Math.Min(rows, c.OutHeight - y);
            tapsY = Math.Max(tapsY, Taps(c.KernelY, y, n));
            var (r0, r1) = c.SourceRows(y, n);
            srcRows = Math.Max(srcRows, r1 - r0);
        }
        for (var x = 0; x < c.OutWidth; x += cols)
        {
            var n = Math.Min(cols, c.OutWidth - x);
            tapsX = Math.Max(tapsX, Taps(c.KernelX, x, n));
            var (c0, c1) = c.SourceColumns(x, n);
            srcCols = Math.Max(srcCols, c1 - c0);
        }
        return Compose(c, encoding, Math.Min(channels, c.OutChannels), Math.Min(rows, c.OutHeight), Math.Min(cols, c.OutWidth),
            tapsY, tapsX, srcRows, srcCols, sourceCores, ownCores);
    }

    private static long Taps(Window w, int first, int count)
    {
        long taps = 0;
        for (var i = 0; i < count; i++)
        {
            taps += w.Taps(first + i);
        }
        return taps;
    }

    private static CoreLoad Compose(Connectivity c, SynapseEncoding encoding, int channels, int rows, int cols, long tapsY, long tapsX,
        int srcRows, int srcCols, int sourceCores, int ownCores)
    {
        ArgumentNullException.ThrowIfNull(encoding);
        var neurons = channels * rows * cols;
        var feedForward = encoding.SharedWeights
            ? c.KernelEntries * (long)(c.Depthwise ? 1 : channels)
            : tapsY * tapsX * c.ChannelsPerTap * c.FoldPixels * channels;
        var recurrent = (long)c.RecurrentInputs * neurons;
        long axons;
        if (encoding.PopulationAxons)
        {
            axons = sourceCores + (c.RecurrentInputs > 0 ? ownCores : 0);
        }
        else
        {
            axons = ((long)srcRows * srcCols * (c.Depthwise ? channels : c.SourceChannels)) + c.RecurrentInputs;
        }
        return new CoreLoad(neurons, feedForward + recurrent, feedForward, axons);
    }
}
