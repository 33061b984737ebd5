using Edge.Runtime.Events;

namespace Edge.Host.Windows;

/// <summary>
/// Cuts an unlabelled event stream (a camera, a file, a scene) into windows, each labelled with
/// what is taught when it starts (<see cref="IWindowLabels"/>; −1 when nothing is). Fixed windows
/// follow each other from the first event; a window without events is skipped. Automatic windows
/// look ahead through a buffer allocated once: one starts at the first rate bin whose event rate
/// reaches the threshold and ends at the first bin below it, at its maximum length, or when its
/// buffer is full. <see cref="Read"/> allocates nothing.
/// </summary>
public sealed class StreamWindows : ILabelledEventSource, IEventSourceHealth
{
    private readonly IEventSource _events;
    private readonly IWindowLabels _labels;
    private readonly WindowOptions _options;
    private readonly DvsEvent[] _chunk;
    private readonly DvsEvent[]? _window;
    private int _count;
    private int _offset;
    private int _windowCount;
    private int _windowOffset;
    private bool _ended;
    private long _nextStartUs = long.MinValue;
    private Segment _segment;
    private bool _inSegment;

    /// <summary>Wraps <paramref name="events"/> (which it disposes).</summary>
    /// <param name="events">The stream.</param>
    /// <param name="geometry">Its pixel array.</param>
    /// <param name="classNames">The classes a label may name.</param>
    /// <param name="options">How windows are cut.</param>
    /// <param name="labels">What is taught when a window starts.</param>
    public StreamWindows(IEventSource events, SensorGeometry geometry, IReadOnlyList<string> classNames, WindowOptions options, IWindowLabels labels)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(classNames);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.DurationUs);
        _events = events;
        _labels = labels;
        _options = options;
        Geometry = geometry;
        ClassNames = classNames;
        _chunk = new DvsEvent[8192];
        if (options.Auto)
        {
            _window = new DvsEvent[options.MaxEvents];
        }
    }

    /// <inheritdoc />
    public SensorGeometry Geometry { get; }

    /// <inheritdoc />
    public int ClassCount => ClassNames.Count;

    /// <inheritdoc />
    public IReadOnlyList<string> ClassNames { get; }

    /// <inheritdoc />
    public StreamHealth Health => _events is IEventSourceHealth h ? h.Health : default;

    /// <summary>Events that fell in no window (before the first, or below the rate of an automatic window).</summary>
    public long EventsSkipped { get; private set; }

    /// <summary>Windows cut so far.</summary>
    public long Windows { get; private set; }

    /// <inheritdoc />
    public bool MoveNext(out Segment segment)
    {
        DrainWindow();
        var found = _options.Auto ? NextAutomatic() : NextFixed();
        _inSegment = found;
        segment = found ? _segment : default;
        if (found)
        {
            Windows++;
        }
        return found;
    }

    /// <inheritdoc />
    public int Read(Span<DvsEvent> destination)
    {
        if (!_inSegment)
        {
            return 0;
        }
        if (_window is not null)
        {
            var n = Math.Min(destination.Length, _windowCount - _windowOffset);
            _window.AsSpan(_windowOffset, n).CopyTo(destination);
            _windowOffset += n;
            return n;
        }
        if (_offset == _count && !Refill())
        {
            return 0;
        }
        var pending = _chunk.AsSpan(_offset, _count - _offset);
        var take = 0;
        var limit = Math.Min(pending.Length, destination.Length);
        while (take < limit && pending[take].T < _segment.EndUs)
        {
            take++;
        }
        pending[..take].CopyTo(destination);
        _offset += take;
        return take;
    }

    /// <inheritdoc />
    public void Dispose() => _events.Dispose();

    private bool NextFixed()
    {
        if (!Peek(out var first))
        {
            return false;
        }
        var width = _options.DurationUs;
        if (_nextStartUs == long.MinValue || first.T >= _nextStartUs + width)
        {
            // The first window, or a silence: start at the window holding the next event.
            _nextStartUs = _nextStartUs == long.MinValue ? first.T : _nextStartUs + ((first.T - _nextStartUs) / width * width);
        }
        var start = _nextStartUs;
        _nextStartUs = start + width;
        _segment = new Segment(_labels.Current, start, start + width);
        return true;
    }

    private bool NextAutomatic()
    {
        var bin = WindowOptions.RateBinUs;
        var threshold = (long)Math.Ceiling(_options.RateEventsPerS * bin / 1e6);
        _windowOffset = 0;
        while (true)
        {
            if (!Peek(out var first))
            {
                return false;
            }
            // The bin of the next event: a window starts there when its rate reaches the threshold.
            var start = first.T - (((first.T % bin) + bin) % bin);
            var end = start + bin;
            _windowCount = 0;
            var count = TakeUntil(end);
            if (count < threshold)
            {
                EventsSkipped += count;
                continue;
            }
            // It goes on while the following bins stay above the rate.
            while (end - start < _options.MaxDurationUs && _windowCount < _window!.Length)
            {
                if (!Peek(out var next) || next.T >= end + bin)
                {
                    break; // the stream ended, or the next bin is empty
                }
                var kept = _windowCount;
                count = TakeUntil(end + bin);
                if (count < threshold)
                {
                    EventsSkipped += count;
                    _windowCount = kept;
                    break;
                }
                end += bin;
            }
            _segment = new Segment(_labels.Current, start, end);
            return true;
        }
    }

    /// <summary>Moves the pending events before <paramref name="limitUs"/> into the window buffer (as far as it holds them); returns how many there were.</summary>
    private long TakeUntil(long limitUs)
    {
        long count = 0;
        while (Peek(out var e) && e.T < limitUs)
        {
            _offset++;
            count++;
            if (_windowCount < _window!.Length)
            {
                _window[_windowCount++] = e;
            }
        }
        return count;
    }

    private bool Peek(out DvsEvent e)
    {
        if (_offset == _count && !Refill())
        {
            e = default;
            return false;
        }
        e = _chunk[_offset];
        return true;
    }

    private bool Refill()
    {
        if (_ended)
        {
            return false;
        }
        _count = _events.Read(_chunk);
        _offset = 0;
        _ended = _count == 0;
        return !_ended;
    }

    /// <summary>Skips what the consumer did not read of the current window.</summary>
    private void DrainWindow()
    {
        if (!_inSegment)
        {
            return;
        }
        if (_window is null)
        {
            while (Peek(out var e) && e.T < _segment.EndUs)
            {
                _offset++;
                EventsSkipped++;
            }
        }
        _inSegment = false;
    }
}
