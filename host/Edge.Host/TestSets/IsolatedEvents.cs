using Edge.Runtime.Events;

namespace Edge.Host.TestSets;

/// <summary>
/// Counts the events that no neighbour supports, the measure of noise used for every set and for
/// the real N-MNIST sample alike: an event is isolated when none of the (up to) 8 pixels around it
/// fired, in either polarity, within <see cref="WindowUs"/> before it — the test of a
/// background-activity filter (Delbruck 2008).
/// </summary>
public sealed class IsolatedEvents
{
    /// <summary>How far back a neighbour's event supports an event.</summary>
    public const long WindowUs = 20_000;

    private readonly long[] _lastUs;
    private readonly int _width;
    private readonly int _height;

    /// <summary>Creates the counter for a sensor of <paramref name="geometry"/>.</summary>
    public IsolatedEvents(SensorGeometry geometry)
    {
        _width = geometry.Width;
        _height = geometry.Height;
        _lastUs = new long[geometry.Pixels];
        Restart();
    }

    /// <summary>Isolated events counted.</summary>
    public long Isolated { get; private set; }

    /// <summary>Forgets the past events (a new recording starts).</summary>
    public void Restart() => Array.Fill(_lastUs, long.MinValue / 2);

    /// <summary>Adds events (time-ordered).</summary>
    public void Add(ReadOnlySpan<DvsEvent> events)
    {
        foreach (var e in events)
        {
            if (e.X >= _width || e.Y >= _height)
            {
                continue;
            }
            var supported = false;
            for (var y = Math.Max(0, e.Y - 1); y <= Math.Min(_height - 1, e.Y + 1) && !supported; y++)
            {
                for (var x = Math.Max(0, e.X - 1); x <= Math.Min(_width - 1, e.X + 1); x++)
                {
                    if ((x != e.X || y != e.Y) && e.T - _lastUs[(y * _width) + x] <= WindowUs)
                    {
                        supported = true;
                        break;
                    }
                }
            }
            if (!supported)
            {
                Isolated++;
            }
            _lastUs[(e.Y * _width) + e.X] = e.T;
        }
    }
}
