using Edge.Drivers.Formats.Io;
using Edge.Runtime.Events;

namespace Edge.Drivers.Formats;

/// <summary>
/// A streaming reader of one event file: a fixed input buffer whatever the file size, nothing
/// allocated per <see cref="Read"/>. Damage throws <see cref="EventStreamException"/> naming the
/// file and byte offset, or, in lenient mode, is skipped and logged in <see cref="Salvage"/>.
/// </summary>
public abstract class EventFileReader : IEventSource, IEventSourceHealth
{
    private EventStreamException? _failure;
    private bool _ended;
    private bool _disposed;

    private protected EventFileReader(ByteWindow window, EventFormat format, SensorGeometry? geometry, EventFileOptions options)
    {
        Window = window;
        Format = format;
        Geometry = options.Geometry ?? geometry;
        Lenient = options.Lenient;
    }

    /// <summary>The format being decoded.</summary>
    public EventFormat Format { get; }

    /// <inheritdoc />
    public SensorGeometry? Geometry { get; }

    /// <summary>The file name (or stream description) used in messages.</summary>
    public string Name => Window.Name;

    /// <summary>True when damage is skipped instead of thrown.</summary>
    public bool Lenient { get; }

    /// <summary>Bytes of the file consumed so far (input read ahead of delivered events included).</summary>
    public long Position => Window.Position;

    /// <summary>File length in bytes, when known.</summary>
    public long? Length => Window.Length;

    /// <summary>What lenient mode skipped.</summary>
    public SalvageLog Salvage { get; } = new();

    /// <inheritdoc />
    public StreamHealth Health => new(
        WordsSkipped: WordsSkipped,
        BytesSkipped: Salvage.BytesSkipped,
        TimestampWraps: TimestampWraps,
        EventsOutOfOrder: EventsOutOfOrder);

    /// <summary>Reserved, vendor, unknown or non-event words skipped so far.</summary>
    public long WordsSkipped => SkippedWordCount;

    /// <summary>Timestamp wrap-arounds unwrapped so far.</summary>
    public long TimestampWraps => WrapCount;

    /// <summary>Events earlier than the event before them (a step back too small to be a wrap), delivered as they are.</summary>
    public long EventsOutOfOrder => OutOfOrderCount;

    private protected ByteWindow Window { get; }

    private protected long SkippedWordCount { get; set; }

    private protected long WrapCount { get; set; }

    private protected long OutOfOrderCount { get; set; }

    /// <inheritdoc />
    public int Read(Span<DvsEvent> destination)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (destination.IsEmpty)
        {
            throw new ArgumentException("the destination must hold at least one event", nameof(destination));
        }
        if (_failure is not null)
        {
            throw _failure;
        }
        if (_ended)
        {
            return 0;
        }
        try
        {
            var count = ReadCore(destination);
            _ended = count == 0;
            return count;
        }
        catch (EventStreamException ex)
        {
            _failure = ex;
            throw;
        }
    }

    /// <summary>
    /// Decodes the next events into <paramref name="destination"/> (never empty); 0 only at the
    /// end of the file.
    /// </summary>
    private protected abstract int ReadCore(Span<DvsEvent> destination);

    /// <summary>
    /// Damage at <paramref name="offset"/>: throws in strict mode; in lenient mode records the
    /// <paramref name="bytes"/> about to be skipped and returns so the caller can skip them.
    /// </summary>
    private protected void Damage(long offset, long bytes, long events, string problem)
    {
        if (!Lenient)
        {
            throw Window.Damaged(offset, problem);
        }
        Salvage.Skip(offset, bytes, events, problem);
    }

    /// <summary>Releases the file.</summary>
    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            Dispose(true);
            GC.SuppressFinalize(this);
        }
    }

    /// <summary>Releases the file and any decoder state.</summary>
    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            Window.Dispose();
        }
    }
}
