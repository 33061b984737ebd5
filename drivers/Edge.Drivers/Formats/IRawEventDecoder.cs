using Edge.Runtime.Events;

namespace Edge.Drivers.Formats;

/// <summary>
/// An incremental decoder of a camera's raw word stream (Prophesee EVT 2.0 / 3.0): bytes in,
/// events out, state kept across calls. Shared by file readers and live camera sources.
/// </summary>
public interface IRawEventDecoder
{
    /// <summary>
    /// Decodes as much of <paramref name="input"/> as fits into <paramref name="events"/>; every
    /// byte is consumed unless <paramref name="events"/> fills up first.
    /// </summary>
    /// <returns>The number of events written.</returns>
    int Decode(ReadOnlySpan<byte> input, Span<DvsEvent> events, out int bytesConsumed);

    /// <summary>Bytes of an incomplete word held for the next call.</summary>
    int PendingBytes { get; }

    /// <summary>Vendor, reserved and time-less words skipped so far.</summary>
    long WordsSkipped { get; }

    /// <summary>External trigger words seen (not delivered as events).</summary>
    long TriggerWords { get; }

    /// <summary>Time-high loops unwrapped so far.</summary>
    long TimeHighLoops { get; }

    /// <summary>Forgets all state, as for a new stream.</summary>
    void Reset();
}
