using System.Diagnostics;
using Edge.Runtime.Events;

namespace Edge.Host.Windows;

/// <summary>
/// Passes a labelled source through and notes when each segment was complete — the moment its
/// reader learned that no more of its events would come — so a prediction can say how long after
/// its window's last event it was made.
/// </summary>
public sealed class TimedSegments(ILabelledEventSource inner) : ILabelledEventSource, IEventSourceHealth
{
    private readonly ILabelledEventSource _inner = inner ?? throw new ArgumentNullException(nameof(inner));

    /// <summary><see cref="Stopwatch"/> timestamp at which the current segment was complete; 0 until then.</summary>
    public long CompletedAt { get; private set; }

    /// <summary>The wrapped source.</summary>
    public ILabelledEventSource Inner => _inner;

    /// <inheritdoc />
    public SensorGeometry Geometry => _inner.Geometry;

    /// <inheritdoc />
    public int ClassCount => _inner.ClassCount;

    /// <inheritdoc />
    public IReadOnlyList<string> ClassNames => _inner.ClassNames;

    /// <inheritdoc />
    public StreamHealth Health => _inner is IEventSourceHealth h ? h.Health : default;

    /// <inheritdoc />
    public bool MoveNext(out Segment segment)
    {
        CompletedAt = 0;
        return _inner.MoveNext(out segment);
    }

    /// <inheritdoc />
    public int Read(Span<DvsEvent> destination)
    {
        var n = _inner.Read(destination);
        if (n == 0 && CompletedAt == 0)
        {
            CompletedAt = Stopwatch.GetTimestamp();
        }
        return n;
    }

    /// <inheritdoc />
    public void Dispose() => _inner.Dispose();
}
