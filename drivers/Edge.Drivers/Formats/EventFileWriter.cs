using System.Globalization;
using System.Text;
using Edge.Runtime.Events;

namespace Edge.Drivers.Formats;

/// <summary>
/// Writes one event file through a fixed output buffer: encoders reserve space, fill it and commit;
/// nothing is allocated per <see cref="Write"/>. Events that the format cannot hold (coordinates,
/// times) throw <see cref="ArgumentOutOfRangeException"/> with a message saying what and why.
/// </summary>
public abstract class EventFileWriter : IEventSink
{
    /// <summary>Default output buffer size.</summary>
    public const int DefaultBufferBytes = 256 * 1024;

    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private readonly byte[] _buffer;
    private int _count;
    private bool _completed;
    private bool _disposed;

    private protected EventFileWriter(Stream stream, bool leaveOpen, int bufferBytes = DefaultBufferBytes)
    {
        ArgumentNullException.ThrowIfNull(stream);
        _stream = stream;
        _leaveOpen = leaveOpen;
        _buffer = new byte[Math.Max(bufferBytes, 4096)];
    }

    /// <summary>The format written.</summary>
    public abstract EventFormat Format { get; }

    /// <summary>Events written so far.</summary>
    public long EventsWritten { get; private protected set; }

    /// <summary>Bytes handed to the stream so far (buffered bytes excluded).</summary>
    public long BytesFlushed { get; private set; }

    /// <inheritdoc />
    public abstract void Write(ReadOnlySpan<DvsEvent> events);

    /// <inheritdoc />
    public void Complete()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_completed)
        {
            return;
        }
        Finish();
        FlushBuffer();
        _stream.Flush();
        _completed = true;
    }

    /// <summary>Writes what the format needs at the end (the last packet, a trailer).</summary>
    private protected virtual void Finish()
    {
    }

    /// <summary>Free buffer space of at least <paramref name="minBytes"/>; fill it, then <see cref="Commit"/>.</summary>
    private protected Span<byte> Reserve(int minBytes)
    {
        if (_completed)
        {
            throw new InvalidOperationException("the file is already complete");
        }
        if (_buffer.Length - _count < minBytes)
        {
            FlushBuffer();
            if (_buffer.Length < minBytes)
            {
                throw new ArgumentOutOfRangeException(nameof(minBytes), "larger than the output buffer");
            }
        }
        return _buffer.AsSpan(_count);
    }

    /// <summary>Marks <paramref name="bytes"/> reserved bytes as written.</summary>
    private protected void Commit(int bytes) => _count += bytes;

    /// <summary>Appends bytes (large blocks bypass the buffer).</summary>
    private protected void WriteBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > _buffer.Length / 2)
        {
            FlushBuffer();
            _stream.Write(bytes);
            BytesFlushed += bytes.Length;
            return;
        }
        bytes.CopyTo(Reserve(bytes.Length));
        Commit(bytes.Length);
    }

    /// <summary>Appends ASCII text lines (headers), each ending with <paramref name="lineEnd"/>.</summary>
    private protected void WriteLines(IEnumerable<string> lines, string lineEnd)
    {
        var text = new StringBuilder();
        foreach (var line in lines)
        {
            text.Append(line).Append(lineEnd);
        }
        WriteBytes(Encoding.UTF8.GetBytes(text.ToString()));
    }

    /// <summary>The current UTC time as "yyyy-MM-dd HH:mm:ss", for header date lines.</summary>
    private protected static string UtcNowText() => UtcText(DateTime.UtcNow);

    private protected static string UtcText(DateTime utc) => utc.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    /// <summary>
    /// The offset a format with a limited time range records when the first timestamp does not
    /// fit that range (absolute Unix-epoch µs): 0 when it fits, else the first timestamp.
    /// </summary>
    private protected static long RebaseOffset(long firstT, long range) => firstT >= 0 && firstT < range ? 0 : firstT;

    private protected static ArgumentOutOfRangeException OutOfRange(string message) => new(null, message);

    private void FlushBuffer()
    {
        if (_count > 0)
        {
            _stream.Write(_buffer, 0, _count);
            BytesFlushed += _count;
            _count = 0;
        }
    }

    /// <summary>Completes the file if that was not done, then releases the stream.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        try
        {
            Complete();
        }
        finally
        {
            _disposed = true;
            DisposeCore();
            if (!_leaveOpen)
            {
                _stream.Dispose();
            }
            GC.SuppressFinalize(this);
        }
    }

    /// <summary>Releases encoder resources.</summary>
    private protected virtual void DisposeCore()
    {
    }
}
