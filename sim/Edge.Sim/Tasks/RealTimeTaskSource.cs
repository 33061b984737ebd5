using Edge.Runtime.Events;
using Edge.Sim.Sensor;

namespace Edge.Sim.Tasks;

/// <summary>
/// A <see cref="SimulatedTask"/> played live: a reader thread runs the task's segments back to
/// back, paced to the wall clock, into an <see cref="EventRing"/>. The consumer moves through the
/// same segments; when it falls behind, the ring drops events (drop-newest) and events of
/// segments it has already left are skipped — both are counted in
/// <see cref="StreamHealth.EventsDropped"/>. A segment ends when the first event of a later
/// segment arrives (or the stream ends), as it would from a live camera.
/// </summary>
public sealed class RealTimeTaskSource : ILabelledEventSource, IEventSourceHealth
{
    private readonly SimulatedTask _task;
    private readonly BackgroundEventSource _background;
    private readonly DvsEvent[] _carry = new DvsEvent[4096];
    private int _carryIndex;
    private int _carryCount;
    private int _index = -1;
    private Segment _segment;
    private long _skipped;
    private bool _ended;

    internal RealTimeTaskSource(SimulatedTask task, int ringCapacity)
    {
        _task = task;
        _background = new BackgroundEventSource(new WallClockPacer(new ConcatenatedSegments(task)), ringCapacity);
    }

    /// <inheritdoc />
    public SensorGeometry Geometry => _task.Geometry;

    /// <inheritdoc />
    public int ClassCount => _task.ClassCount;

    /// <inheritdoc />
    public IReadOnlyList<string> ClassNames => _task.ClassNames;

    /// <inheritdoc />
    public StreamHealth Health
    {
        get
        {
            var ring = _background.Health;
            return ring with { EventsDropped = ring.EventsDropped + Interlocked.Read(ref _skipped) };
        }
    }

    /// <inheritdoc />
    public bool MoveNext(out Segment segment)
    {
        if (_index + 1 >= _task.SampleCount)
        {
            _index = _task.SampleCount;
            segment = default;
            return false;
        }
        _index++;
        _segment = _task.SegmentAt(_index);
        segment = _segment;
        return true;
    }

    /// <inheritdoc />
    public int Read(Span<DvsEvent> destination)
    {
        if (_index < 0 || _index >= _task.SampleCount)
        {
            return 0;
        }
        var n = 0;
        while (n < destination.Length)
        {
            if (_carryIndex == _carryCount)
            {
                if (n > 0 || _ended)
                {
                    break; // deliver what we have rather than wait for more
                }
                _carryCount = _background.Read(_carry);
                _carryIndex = 0;
                _ended = _carryCount == 0;
                continue;
            }
            var e = _carry[_carryIndex];
            if (e.T >= _segment.EndUs)
            {
                break; // belongs to a later segment: kept for it
            }
            _carryIndex++;
            if (e.T < _segment.StartUs)
            {
                Interlocked.Increment(ref _skipped); // the consumer already left its segment
                continue;
            }
            destination[n++] = e;
        }
        return n;
    }

    /// <inheritdoc />
    public void Dispose() => _background.Dispose();
}
