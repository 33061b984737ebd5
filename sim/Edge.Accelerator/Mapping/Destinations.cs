namespace Edge.Accelerator.Mapping;

/// <summary>
/// The cores a spike of one source value reaches in a consumer placed on cores: the output positions
/// its window covers (through folded pools), their spatial tiles, and every channel group (only its
/// own channel's group for a depthwise pool). Writes core indices into a caller's span: no allocation.
/// </summary>
public static class Destinations
{
    /// <summary>Largest number of destination cores of one source value.</summary>
    public static int Max(Connectivity c, Partition p)
    {
        ArgumentNullException.ThrowIfNull(c);
        var rows = 0;
        for (var y = 0; y < c.SourceHeight; y++)
        {
            rows = Math.Max(rows, TileSpan(c.OutputRowsOf(y), p.TileHeight));
        }
        var cols = 0;
        for (var x = 0; x < c.SourceWidth; x++)
        {
            cols = Math.Max(cols, TileSpan(c.OutputColumnsOf(x), p.TileWidth));
        }
        return (c.Depthwise ? 1 : p.Groups) * rows * cols;
    }

    /// <summary>Writes the cores reached by source value (sy, sx, channel) into <paramref name="cores"/>; returns their number.</summary>
    public static int Of(Connectivity c, in Partition p, int sy, int sx, int channel, Span<int> cores)
    {
        ArgumentNullException.ThrowIfNull(c);
        var (y0, y1) = c.OutputRowsOf(sy);
        var (x0, x1) = c.OutputColumnsOf(sx);
        if (y0 > y1 || x0 > x1)
        {
            return 0;
        }
        int ty0 = y0 / p.TileHeight, ty1 = y1 / p.TileHeight, tx0 = x0 / p.TileWidth, tx1 = x1 / p.TileWidth;
        var g0 = 0;
        var g1 = p.Groups - 1;
        if (c.Depthwise)
        {
            g0 = g1 = channel / p.GroupChannels;
        }
        var n = 0;
        for (var g = g0; g <= g1; g++)
        {
            for (var ty = ty0; ty <= ty1; ty++)
            {
                for (var tx = tx0; tx <= tx1; tx++)
                {
                    cores[n++] = p.Core(g, ty, tx);
                }
            }
        }
        return n;
    }

    private static int TileSpan((int First, int Last) range, int tile) =>
        range.First > range.Last ? 0 : (range.Last / tile) - (range.First / tile) + 1;
}
