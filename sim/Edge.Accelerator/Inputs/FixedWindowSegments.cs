using Edge.Runtime.Events;

namespace Edge.Accelerator.Inputs;

/// <summary>
/// An unlabelled event stream (a file, a camera) cut into consecutive windows of fixed length, each
/// presented as a segment of the single class "unlabelled", so that the model can be run and priced
/// on real recordings. The events are read in chunks into one buffer allocated here.
/// </summary>
public sealed class FixedWindowSegments : ILabelledEventSource
{
    private static readonly string[] Names = ["unlabelled"];
    private readonly IEventSource _source;
    private readonly long _windowUs;
    private readonly DvsEvent[] _buffer = new DvsEvent[4096];
    private int _count;
    private int _offset;
    private bool _ended;
    private bool _started;
    private long _windowEnd;

    /// <summary>Cuts <paramref name="source"/> into windows of <paramref name="windowUs"/> µs.</summary>
    public FixedWindowSegments(IEventSource source, long windowUs)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(windowUs);
        _source = source;
        _windowUs = windowUs;
        Geometry = source.Geometry ?? throw new ArgumentException("the source does not say its sensor size", nameof(source));
    }

    /// <inheritdoc />
    public SensorGeometry Geometry { get; }

    /// <inheritdoc />
    public int ClassCount => 1;

    /// <inheritdoc />
    public IReadOnlyList<string> ClassNames => Names;

    /// <inheritdoc />
    public bool MoveNext(out Segment segment)
    {
        segment = default;
        if (_started)
        {
            while (Pending() && _buffer[_offset].T < _windowEnd)
            {
                _offset++;
            }
        }
        if (!Pending())
        {
            return false;
        }
        var start = _started ? Math.Max(_windowEnd, _buffer[_offset].T - ((_buffer[_offset].T - _windowEnd) % _windowUs)) : _buffer[_offset].T;
        _started = true;
        _windowEnd = start + _windowUs;
        segment = new Segment(0, start, _windowEnd);
        return true;
    }

    /// <inheritdoc />
    public int Read(Span<DvsEvent> destination)
    {
        var n = 0;
        while (n < destination.Length && Pending() && _buffer[_offset].T < _windowEnd)
        {
            destination[n++] = _buffer[_offset++];
        }
        return n;
    }

    /// <inheritdoc />
    public void Dispose() => _source.Dispose();

    /// <summary>True when an event is buffered (reading more when the buffer is empty).</summary>
    private bool Pending()
    {
        if (_offset < _count)
        {
            return true;
        }
        if (_ended)
        {
            return false;
        }
        _count = _source.Read(_buffer);
        _offset = 0;
        _ended = _count == 0;
        return !_ended;
    }
}
