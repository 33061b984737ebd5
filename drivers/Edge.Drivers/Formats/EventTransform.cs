using Edge.Runtime.Events;

namespace Edge.Drivers.Formats;

/// <summary>
/// Crops and downscales events in place (for conversions into formats with smaller coordinate
/// ranges): keeps events inside <see cref="Crop"/>, moves them to the crop's origin, then divides
/// x and y by <see cref="Downscale"/>.
/// </summary>
public sealed class EventTransform
{
    /// <summary>Creates a transform.</summary>
    /// <param name="crop">Region kept, or null for everything.</param>
    /// <param name="downscale">Integer factor dividing x and y (1 keeps them).</param>
    public EventTransform(PixelRect? crop, int downscale)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(downscale);
        if (crop is { } c && (c.X < 0 || c.Y < 0 || c.Width <= 0 || c.Height <= 0))
        {
            throw new ArgumentOutOfRangeException(nameof(crop), crop, "the crop needs x, y >= 0 and a positive size");
        }
        Crop = crop;
        Downscale = downscale;
    }

    /// <summary>Region kept, or null.</summary>
    public PixelRect? Crop { get; }

    /// <summary>Downscale factor.</summary>
    public int Downscale { get; }

    /// <summary>True when the transform changes nothing.</summary>
    public bool IsIdentity => Crop is null && Downscale == 1;

    /// <summary>Events dropped because they fell outside the crop.</summary>
    public long Dropped { get; private set; }

    /// <summary>The array the transformed events lie on.</summary>
    public SensorGeometry Apply(SensorGeometry input)
    {
        var width = Crop?.Width ?? input.Width;
        var height = Crop?.Height ?? input.Height;
        return new SensorGeometry((width + Downscale - 1) / Downscale, (height + Downscale - 1) / Downscale);
    }

    /// <summary>Transforms <paramref name="events"/> in place; returns how many remain (at the front).</summary>
    public int Apply(Span<DvsEvent> events)
    {
        if (IsIdentity)
        {
            return events.Length;
        }
        var (x0, y0, w, h) = Crop is { } c ? (c.X, c.Y, c.Width, c.Height) : (0, 0, int.MaxValue, int.MaxValue);
        var kept = 0;
        foreach (var e in events)
        {
            var x = e.X - x0;
            var y = e.Y - y0;
            if ((uint)x >= (uint)w || (uint)y >= (uint)h)
            {
                continue;
            }
            events[kept++] = new DvsEvent(e.T, (ushort)(x / Downscale), (ushort)(y / Downscale), e.P);
        }
        Dropped += events.Length - kept;
        return kept;
    }
}
