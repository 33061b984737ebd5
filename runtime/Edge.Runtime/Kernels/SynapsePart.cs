namespace Edge.Runtime.Kernels;

/// <summary>
/// The share of one worker in a synapse kernel: a block of rows and channels of the tensor the
/// kernel writes. Parts never overlap, and inside a part every element is computed in the same
/// order as by a single thread, so a split kernel gives bit-identical results.
/// </summary>
/// <param name="RowFrom">First row (inclusive).</param>
/// <param name="RowTo">Last row (exclusive).</param>
/// <param name="ChannelFrom">First channel (inclusive).</param>
/// <param name="ChannelTo">Last channel (exclusive).</param>
public readonly record struct SynapsePart(int RowFrom, int RowTo, int ChannelFrom, int ChannelTo)
{
    /// <summary>All rows and channels of a height × channels tensor.</summary>
    public static SynapsePart Whole(int height, int channels) => new(0, height, 0, channels);

    /// <summary>
    /// Part <paramref name="part"/> of <paramref name="parts"/> of a height × channels tensor: split
    /// by rows when there are enough of them, else by channels in multiples of the vector width.
    /// </summary>
    public static SynapsePart Split(int height, int channels, int part, int parts)
    {
        if (height >= 2 * parts)
        {
            var from = (int)((long)height * part / parts);
            var to = (int)((long)height * (part + 1) / parts);
            return new SynapsePart(from, to, 0, channels);
        }
        var w = System.Numerics.Vector<float>.Count;
        var blocks = (channels + w - 1) / w;
        var c0 = Math.Min(channels, (int)((long)blocks * part / parts) * w);
        var c1 = Math.Min(channels, (int)((long)blocks * (part + 1) / parts) * w);
        return new SynapsePart(0, height, c0, c1);
    }

    /// <summary>True when the part has nothing to do.</summary>
    public bool IsEmpty => RowFrom >= RowTo || ChannelFrom >= ChannelTo;
}
