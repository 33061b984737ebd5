using Edge.Runtime.Events;

namespace Edge.Drivers.Formats;

/// <summary>
/// A writer whose format holds timestamps in a limited range and starts with a text header: the
/// header is written before the first events (or at completion for an empty file) and, when the
/// first timestamp does not fit the range (absolute Unix-epoch µs), records the offset that
/// rebases every time to start at 0; Edge's readers add it back, so the round trip is exact.
/// </summary>
public abstract class RebasingEventWriter : EventFileWriter
{
    private readonly long _timeRange;
    private bool _headerWritten;

    /// <param name="stream">Destination; owned unless <paramref name="leaveOpen"/>.</param>
    /// <param name="leaveOpen">Keep the stream open after disposal.</param>
    /// <param name="timeRange">Microseconds the format's timestamps hold.</param>
    private protected RebasingEventWriter(Stream stream, bool leaveOpen, long timeRange) : base(stream, leaveOpen)
    {
        _timeRange = timeRange;
    }

    /// <summary>Microseconds subtracted from every timestamp (and recorded in the header); 0 when none.</summary>
    public long TimeOffsetUs { get; private set; }

    /// <summary>Writes the header before the first of <paramref name="events"/> (non-empty) when it is not written yet.</summary>
    private protected void WriteHeaderBefore(ReadOnlySpan<DvsEvent> events)
    {
        if (!_headerWritten)
        {
            WriteHeaderOnce(RebaseOffset(events[0].T, _timeRange));
        }
    }

    /// <summary>Writes the format's header; <paramref name="offset"/> (non-zero) must be recorded in it.</summary>
    private protected abstract void WriteHeader(long offset);

    private protected sealed override void Finish()
    {
        if (!_headerWritten)
        {
            WriteHeaderOnce(0);
        }
    }

    private void WriteHeaderOnce(long offset)
    {
        TimeOffsetUs = offset;
        WriteHeader(offset);
        _headerWritten = true;
    }
}
