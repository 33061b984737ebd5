namespace Edge.Runtime.Events;

/// <summary>How a bin (one network time step) is closed.</summary>
public enum BinMode
{
    /// <summary>Fixed time window per bin.</summary>
    Time,

    /// <summary>Fixed number of events per bin.</summary>
    EventCount,
}

/// <summary>A rectangle of sensor pixels.</summary>
/// <param name="X">Left column.</param>
/// <param name="Y">Top row.</param>
/// <param name="Width">Columns.</param>
/// <param name="Height">Rows.</param>
public readonly record struct PixelRect(int X, int Y, int Width, int Height);

/// <summary>Configuration of an <see cref="EventBinner"/>.</summary>
public sealed record BinnerOptions
{
    /// <summary>Frame width after crop and downscale (the network input width).</summary>
    public required int OutputWidth { get; init; }

    /// <summary>Frame height after crop and downscale (the network input height).</summary>
    public required int OutputHeight { get; init; }

    /// <summary>
    /// Two polarity channels (OFF, ON) by default; false merges both into one channel (e.g. SHD,
    /// whose "pixels" are cochlea channels with no polarity).
    /// </summary>
    public bool SplitPolarity { get; init; } = true;

    /// <summary>Region of the sensor kept; null keeps the whole array.</summary>
    public PixelRect? Crop { get; init; }

    /// <summary>How bins are closed.</summary>
    public BinMode Mode { get; init; } = BinMode.Time;

    /// <summary>Bin width in microseconds (time mode).</summary>
    public long BinDurationUs { get; init; } = 10_000;

    /// <summary>Events per bin (event-count mode).</summary>
    public int EventsPerBin { get; init; } = 1_000;
}
