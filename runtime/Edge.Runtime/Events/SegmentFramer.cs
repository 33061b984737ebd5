namespace Edge.Runtime.Events;

/// <summary>
/// Cuts each labelled segment of a source into T equal time bins and hands them out one frame at a
/// time, streaming: events are read in chunks into a buffer allocated once, so a segment of any
/// length needs no more memory. Frame k covers [start + k·D/T, start + (k+1)·D/T).
/// </summary>
public sealed class SegmentFramer : IFrameSource
{
    private readonly ILabelledEventSource _source;
    private readonly DvsEvent[] _buffer;
    private int _count;
    private int _offset;
    private int _frame;
    private bool _segmentDrained;

    /// <summary>Creates a framer producing <paramref name="steps"/> frames per segment.</summary>
    public SegmentFramer(ILabelledEventSource source, EventBinner binner, int steps, int chunk = 4096)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(binner);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(steps);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(chunk);
        _source = source;
        Binner = binner;
        Steps = steps;
        _buffer = new DvsEvent[chunk];
    }

    /// <summary>The binner that holds the current frame.</summary>
    public EventBinner Binner { get; }

    /// <summary>Frames per segment (T).</summary>
    public int Steps { get; }

    /// <summary>The current segment (label −1 when the source has none for it).</summary>
    public Segment Current { get; private set; }

    /// <summary>Events of the current segment counted into frames so far.</summary>
    public long EventsInSegment { get; private set; }

    /// <inheritdoc />
    public int FrameLength => Binner.FrameLength;

    /// <inheritdoc />
    long IFrameSource.EventsInSample => EventsInSegment;

    /// <summary>Events of the whole stream counted into frames so far.</summary>
    public long EventsTotal { get; private set; }

    /// <summary>Events that fell after the last bin of their segment (bad segment bounds).</summary>
    public long EventsOutsideBins { get; private set; }

    /// <summary>The current frame, [channels, H, W].</summary>
    public ReadOnlySpan<float> Frame => Binner.Frame;

    /// <summary>Moves to the next segment; false at the end of the stream.</summary>
    public bool MoveNext()
    {
        DrainSegment();
        if (!_source.MoveNext(out var segment))
        {
            return false;
        }
        Current = segment;
        _count = 0;
        _offset = 0;
        _frame = 0;
        _segmentDrained = false;
        EventsInSegment = 0;
        return true;
    }

    /// <summary>Fills <see cref="Frame"/> with the next bin of the segment; false after T frames.</summary>
    public bool NextFrame()
    {
        if (_frame >= Steps)
        {
            return false;
        }
        var duration = Current.DurationUs;
        var begin = Current.StartUs + (duration * _frame / Steps);
        var end = Current.StartUs + (duration * (_frame + 1) / Steps);
        Binner.StartBin(begin, end);
        while (true)
        {
            if (_offset == _count && !Refill())
            {
                break;
            }
            var pending = _buffer.AsSpan(_offset, _count - _offset);
            var used = Binner.AddUntil(pending, end);
            _offset += used;
            if (used < pending.Length)
            {
                break;
            }
        }
        EventsInSegment += Binner.EventsInBin;
        EventsTotal += Binner.EventsInBin;
        _frame++;
        return true;
    }

    /// <inheritdoc />
    public bool NextFrame(Span<float> destination)
    {
        if (!NextFrame())
        {
            return false;
        }
        Binner.Frame.CopyTo(destination);
        return true;
    }

    private bool Refill()
    {
        if (_segmentDrained)
        {
            return false;
        }
        _count = _source.Read(_buffer);
        _offset = 0;
        if (_count == 0)
        {
            _segmentDrained = true;
            return false;
        }
        return true;
    }

    /// <summary>Skips what is left of the current segment (e.g. when the caller stopped early).</summary>
    private void DrainSegment()
    {
        if (_segmentDrained || (_frame == 0 && Current == default))
        {
            return;
        }
        EventsOutsideBins += _count - _offset;
        _offset = _count;
        while (Refill())
        {
            EventsOutsideBins += _count;
            _offset = _count;
        }
    }
}
