using Edge.Runtime.Events;

namespace Edge.Host.Measurement;

/// <summary>
/// A labelled stream recorded into memory once and replayed from there, so a benchmark times what
/// the board does with a camera's events (binning and learning), not the simulator that made them.
/// </summary>
internal sealed class RecordedTask : ILabelledEventSource
{
    private readonly DvsEvent[] _events;
    private readonly Segment[] _segments;
    private readonly int[] _firstEvent;
    private int _segment = -1;
    private int _next;

    /// <summary>Reads every segment of <paramref name="source"/> into memory.</summary>
    public RecordedTask(ILabelledEventSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        Geometry = source.Geometry;
        ClassNames = source.ClassNames;
        var events = new List<DvsEvent>();
        var segments = new List<Segment>();
        var first = new List<int>();
        var buffer = new DvsEvent[4096];
        while (source.MoveNext(out var segment))
        {
            segments.Add(segment);
            first.Add(events.Count);
            int n;
            while ((n = source.Read(buffer)) > 0)
            {
                events.AddRange(buffer.AsSpan(0, n));
            }
        }
        first.Add(events.Count);
        _events = [.. events];
        _segments = [.. segments];
        _firstEvent = [.. first];
    }

    /// <inheritdoc />
    public SensorGeometry Geometry { get; }

    /// <inheritdoc />
    public int ClassCount => ClassNames.Count;

    /// <inheritdoc />
    public IReadOnlyList<string> ClassNames { get; }

    /// <summary>Recorded segments.</summary>
    public int Count => _segments.Length;

    /// <summary>Recorded events.</summary>
    public long Events => _events.LongLength;

    /// <summary>Starts the replay over.</summary>
    public void Rewind() => _segment = -1;

    /// <inheritdoc />
    public bool MoveNext(out Segment segment)
    {
        if (_segment + 1 >= _segments.Length)
        {
            segment = default;
            return false;
        }
        segment = _segments[++_segment];
        _next = _firstEvent[_segment];
        return true;
    }

    /// <inheritdoc />
    public int Read(Span<DvsEvent> destination)
    {
        if (_segment < 0 || _segment >= _segments.Length)
        {
            return 0;
        }
        var n = Math.Min(destination.Length, _firstEvent[_segment + 1] - _next);
        _events.AsSpan(_next, n).CopyTo(destination);
        _next += n;
        return n;
    }

    /// <inheritdoc />
    public void Dispose()
    {
    }
}
