using System.Diagnostics;
using Edge.Runtime.Events;

namespace Edge.Sim.Sensor;

/// <summary>
/// Delivers the events of a pull-driven source no sooner than their timestamps say, measured on the
/// wall clock from the first read: a simulated (or replayed) stream then arrives like a live one.
/// Each batch is held until the wall clock reaches its last event (to within a millisecond).
/// Meant to run on the reader thread of a <see cref="BackgroundEventSource"/>.
/// </summary>
public sealed class WallClockPacer : IEventSource
{
    private readonly IEventSource _inner;
    private long? _originUs;
    private readonly Stopwatch _clock = new();
    private volatile bool _disposed;

    /// <summary>
    /// Paces <paramref name="inner"/>, whose time <paramref name="originUs"/> maps to the first read
    /// (null: the time of its first event, as for a recording that starts at any time).
    /// </summary>
    public WallClockPacer(IEventSource inner, long? originUs = 0)
    {
        ArgumentNullException.ThrowIfNull(inner);
        _inner = inner;
        _originUs = originUs;
    }

    /// <inheritdoc />
    public SensorGeometry? Geometry => _inner.Geometry;

    /// <summary>How far behind the wall clock the source is running, in µs (0 when on time).</summary>
    public long LagUs { get; private set; }

    /// <inheritdoc />
    public int Read(Span<DvsEvent> destination)
    {
        if (_disposed)
        {
            return 0;
        }
        if (!_clock.IsRunning)
        {
            _clock.Start();
        }
        var n = _inner.Read(destination);
        if (n == 0)
        {
            return 0;
        }
        _originUs ??= destination[0].T;
        var dueUs = destination[n - 1].T - _originUs.Value;
        while (!_disposed)
        {
            var nowUs = _clock.ElapsedTicks * 1_000_000 / Stopwatch.Frequency;
            var aheadUs = dueUs - nowUs;
            LagUs = Math.Max(0, -aheadUs);
            if (aheadUs < 1000)
            {
                break;
            }
            // Short naps keep Dispose responsive while a quiet scene waits for its next event.
            Thread.Sleep(TimeSpan.FromMilliseconds(Math.Min(aheadUs / 1000, 50)));
        }
        return _disposed ? 0 : n;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _disposed = true;
        _inner.Dispose();
    }
}
