namespace Edge.Runtime.Events;

/// <summary>
/// A stream of events: a camera, a file or the simulated sensor. Pull-based and allocation-free:
/// the caller owns the buffer, the source fills it.
/// </summary>
public interface IEventSource : IDisposable
{
    /// <summary>Pixel array of the source, or null when the source does not know it.</summary>
    SensorGeometry? Geometry { get; }

    /// <summary>
    /// Fills <paramref name="destination"/> with the next events, in time order, and returns how
    /// many were written. Blocks until at least one event is available; returns 0 only at the
    /// clean end of the stream (after which every call returns 0). Allocates nothing.
    /// A damaged input throws <see cref="EventStreamException"/> saying what and where.
    /// </summary>
    int Read(Span<DvsEvent> destination);
}

/// <summary>
/// Optional health counters of a source: what it had to drop or skip. Live sources drop when the
/// consumer falls behind; file sources skip reserved or unknown words and, in lenient mode, damage.
/// </summary>
public interface IEventSourceHealth
{
    /// <summary>The source's counters so far.</summary>
    StreamHealth Health { get; }
}

/// <summary>Counters a source keeps about the stream it delivered.</summary>
/// <param name="EventsDropped">Events produced by the device but never delivered (overrun).</param>
/// <param name="WordsSkipped">Reserved, vendor or unknown words skipped while decoding.</param>
/// <param name="BytesSkipped">Bytes skipped while resynchronising after damage (lenient mode).</param>
/// <param name="TimestampWraps">Timestamp wrap-arounds that were unwrapped.</param>
/// <param name="TimestampRepairs">Backward time jumps that were repaired to keep time monotonic.</param>
/// <param name="EventsOutOfOrder">Events delivered earlier than the event before them (a small step back, not a wrap).</param>
/// <param name="Reopens">Times a live source that was lost (unplugged, hung up, gone silent at the end) was opened again.</param>
public readonly record struct StreamHealth(
    long EventsDropped = 0,
    long WordsSkipped = 0,
    long BytesSkipped = 0,
    long TimestampWraps = 0,
    long TimestampRepairs = 0,
    long EventsOutOfOrder = 0,
    long Reopens = 0);
