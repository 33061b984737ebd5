namespace Edge.Drivers.Formats;

/// <summary>One stretch of a damaged file that a lenient reader skipped.</summary>
/// <param name="Offset">Byte offset of the first skipped byte.</param>
/// <param name="Bytes">Bytes skipped.</param>
/// <param name="Reason">What was wrong there.</param>
public readonly record struct SkippedRegion(long Offset, long Bytes, string Reason);

/// <summary>
/// What a lenient reader skipped to get past damage: totals plus the first few places. Kept in a
/// fixed array, so salvaging a badly damaged file allocates nothing per skip.
/// </summary>
public sealed class SalvageLog
{
    /// <summary>How many regions are kept with their offsets; later ones only add to the totals.</summary>
    public const int MaxRegions = 32;

    private readonly SkippedRegion[] _regions = new SkippedRegion[MaxRegions];
    private int _kept;
    private long _lastEnd = -1;
    private string? _lastReason;

    /// <summary>Bytes skipped in total.</summary>
    public long BytesSkipped { get; private set; }

    /// <summary>Events known to be lost in skipped packets or records (formats that count them).</summary>
    public long EventsSkipped { get; private set; }

    /// <summary>Number of separate damaged regions.</summary>
    public long RegionCount { get; private set; }

    /// <summary>The first <see cref="MaxRegions"/> regions, in file order.</summary>
    public ReadOnlySpan<SkippedRegion> Regions => _regions.AsSpan(0, _kept);

    /// <summary>Records a skipped region; touching regions with the same reason merge.</summary>
    internal void Skip(long offset, long bytes, long events, string reason)
    {
        BytesSkipped += bytes;
        EventsSkipped += events;
        var continues = _lastEnd == offset && ReferenceEquals(_lastReason, reason);
        _lastEnd = offset + bytes;
        _lastReason = reason;
        if (continues)
        {
            if (RegionCount <= MaxRegions)
            {
                ref var last = ref _regions[_kept - 1];
                last = last with { Bytes = last.Bytes + bytes };
            }
            return;
        }
        RegionCount++;
        if (_kept < MaxRegions)
        {
            _regions[_kept++] = new SkippedRegion(offset, bytes, reason);
        }
    }
}
