using Edge.Runtime.Events;

namespace Edge.Host.Labels;

/// <summary>
/// Cuts an unlabelled event stream (a file, a camera) into the labelled segments of a
/// <see cref="LabelsFile"/>: events before a segment are skipped, events at or after its end wait
/// for the next one. Reads through one buffer allocated when built; <see cref="Read"/> allocates nothing.
/// </summary>
public sealed class LabelledRecording : ILabelledEventSource, IEventSourceHealth
{
    private readonly IEventSource _events;
    private readonly IReadOnlyList<Segment> _segments;
    private readonly DvsEvent[] _buffer;
    private int _count;
    private int _offset;
    private int _index = -1;
    private bool _ended;

    /// <summary>Wraps <paramref name="events"/> (which it disposes) with <paramref name="labels"/>.</summary>
    public LabelledRecording(IEventSource events, SensorGeometry geometry, LabelsFile labels, int chunk = 8192)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(chunk);
        _events = events;
        _segments = labels.Segments;
        _buffer = new DvsEvent[chunk];
        Geometry = geometry;
        ClassNames = labels.ClassNames;
    }

    /// <inheritdoc />
    public SensorGeometry Geometry { get; }

    /// <inheritdoc />
    public int ClassCount => ClassNames.Count;

    /// <inheritdoc />
    public IReadOnlyList<string> ClassNames { get; }

    /// <summary>Time of the stream's first event, µs, or null before any was read.</summary>
    public long? FirstEventUs { get; private set; }

    /// <summary>Start of the first labelled segment, µs.</summary>
    public long FirstLabelUs => _segments.Count == 0 ? 0 : _segments[0].StartUs;

    /// <summary>Events that fell outside every segment.</summary>
    public long EventsSkipped { get; private set; }

    /// <inheritdoc />
    public StreamHealth Health => _events is IEventSourceHealth h ? h.Health : default;

    /// <inheritdoc />
    public bool MoveNext(out Segment segment)
    {
        if (_index + 1 >= _segments.Count)
        {
            _index = _segments.Count;
            segment = default;
            return false;
        }
        segment = _segments[++_index];
        return true;
    }

    /// <inheritdoc />
    public int Read(Span<DvsEvent> destination)
    {
        if ((uint)_index >= (uint)_segments.Count)
        {
            return 0;
        }
        var segment = _segments[_index];
        while (true)
        {
            if (_offset == _count && !Refill())
            {
                return 0;
            }
            var pending = _buffer.AsSpan(_offset, _count - _offset);
            var skip = 0;
            while (skip < pending.Length && pending[skip].T < segment.StartUs)
            {
                skip++;
            }
            _offset += skip;
            EventsSkipped += skip;
            if (skip == pending.Length)
            {
                continue;
            }
            pending = pending[skip..];
            var take = 0;
            var limit = Math.Min(pending.Length, destination.Length);
            while (take < limit && pending[take].T < segment.EndUs)
            {
                take++;
            }
            pending[..take].CopyTo(destination);
            _offset += take;
            return take; // 0 when the next event belongs to a later segment
        }
    }

    /// <inheritdoc />
    public void Dispose() => _events.Dispose();

    private bool Refill()
    {
        if (_ended)
        {
            return false;
        }
        _count = _events.Read(_buffer);
        _offset = 0;
        if (_count > 0)
        {
            FirstEventUs ??= _buffer[0].T;
        }
        _ended = _count == 0;
        return !_ended;
    }
}
