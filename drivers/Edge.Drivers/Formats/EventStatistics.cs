using Edge.Runtime.Events;

namespace Edge.Drivers.Formats;

/// <summary>Running summary of an event stream: count, time span, ON share and pixel extent.</summary>
public sealed class EventStatistics
{
    /// <summary>Events seen.</summary>
    public long Count { get; private set; }

    /// <summary>ON (P = 1) events seen.</summary>
    public long OnCount { get; private set; }

    /// <summary>Timestamp of the first event (0 before any).</summary>
    public long FirstT { get; private set; }

    /// <summary>Timestamp of the last event (0 before any).</summary>
    public long LastT { get; private set; }

    /// <summary>Largest column seen (-1 before any event).</summary>
    public int MaxX { get; private set; } = -1;

    /// <summary>Largest row seen (-1 before any event).</summary>
    public int MaxY { get; private set; } = -1;

    /// <summary>Events per second over the recording, or null when it spans no time.</summary>
    public double? RateHz => Count > 1 && LastT > FirstT ? Count / ((LastT - FirstT) / 1e6) : null;

    /// <summary>The smallest array that holds every event seen, or null before any.</summary>
    public SensorGeometry? Extent => Count > 0 ? new SensorGeometry(MaxX + 1, MaxY + 1) : null;

    /// <summary>Adds a batch of events.</summary>
    public void Add(ReadOnlySpan<DvsEvent> events)
    {
        if (events.IsEmpty)
        {
            return;
        }
        if (Count == 0)
        {
            FirstT = events[0].T;
        }
        long on = 0;
        int maxX = MaxX, maxY = MaxY;
        foreach (var e in events)
        {
            on += e.P != 0 ? 1 : 0;
            maxX = Math.Max(maxX, e.X);
            maxY = Math.Max(maxY, e.Y);
        }
        Count += events.Length;
        OnCount += on;
        LastT = events[^1].T;
        MaxX = maxX;
        MaxY = maxY;
    }
}
