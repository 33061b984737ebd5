using Edge.Runtime.Events;

namespace Edge.Drivers.Formats.Io;

/// <summary>
/// A fixed buffer sliding over a stream: the readers' only input buffer, allocated once. It knows
/// the absolute stream offset of every byte it holds, so damage is reported where it is in the file.
/// </summary>
internal sealed class ByteWindow : IDisposable
{
    private readonly Stream _stream;
    private readonly bool _ownsStream;
    private readonly byte[] _buffer;
    private int _start;
    private int _end;
    private long _bufferOffset;
    private bool _streamEnded;

    public ByteWindow(Stream stream, string name, int capacity, bool ownsStream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 64);
        _stream = stream;
        _ownsStream = ownsStream;
        _buffer = new byte[capacity];
        Name = name;
        Length = stream.CanSeek ? stream.Length - stream.Position : null;
    }

    /// <summary>The file name or stream description used in error messages.</summary>
    public string Name { get; }

    /// <summary>Bytes in the whole stream when it is seekable (a file), else null.</summary>
    public long? Length { get; }

    /// <summary>Largest number of bytes the window can hold at once.</summary>
    public int Capacity => _buffer.Length;

    /// <summary>Stream offset of the next unread byte.</summary>
    public long Position => _bufferOffset + _start;

    /// <summary>Buffered, unread bytes.</summary>
    public int Count => _end - _start;

    /// <summary>The buffered, unread bytes.</summary>
    public ReadOnlySpan<byte> Span => _buffer.AsSpan(_start, _end - _start);

    /// <summary>The buffered, unread bytes as memory (valid until the next refill).</summary>
    public ReadOnlyMemory<byte> Memory => _buffer.AsMemory(_start, _end - _start);

    /// <summary>True when every byte of the stream has been consumed (reads ahead to find out).</summary>
    public bool IsAtEnd() => _start == _end && !Fill();

    /// <summary>Bytes left until the end of the stream, when the length is known.</summary>
    public long? Remaining => Length - Position;

    /// <summary>Marks <paramref name="count"/> buffered bytes as consumed.</summary>
    public void Advance(int count)
    {
        if ((uint)count > (uint)(_end - _start))
        {
            throw new ArgumentOutOfRangeException(nameof(count));
        }
        _start += count;
    }

    /// <summary>
    /// Reads until at least <paramref name="count"/> bytes are buffered; false when the stream ends
    /// first (whatever was available stays buffered).
    /// </summary>
    public bool Ensure(int count)
    {
        if (count > _buffer.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(count), "larger than the window");
        }
        while (_end - _start < count)
        {
            if (!Fill())
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Reads more bytes into the window; false at the end of the stream or when full.</summary>
    public bool Fill()
    {
        if (_streamEnded)
        {
            return false;
        }
        if (_start > 0 && (_end == _buffer.Length || _start == _end))
        {
            // Slide the unread tail to the front so that the read below has room.
            var unread = _end - _start;
            _buffer.AsSpan(_start, unread).CopyTo(_buffer);
            _bufferOffset += _start;
            _start = 0;
            _end = unread;
        }
        if (_end == _buffer.Length)
        {
            return false;
        }
        var read = _stream.Read(_buffer, _end, _buffer.Length - _end);
        if (read <= 0)
        {
            _streamEnded = true;
            return false;
        }
        _end += read;
        return true;
    }

    /// <summary>Skips <paramref name="count"/> bytes; false when the stream ends first.</summary>
    public bool Skip(long count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var buffered = Math.Min(count, _end - _start);
        _start += (int)buffered;
        count -= buffered;
        if (count == 0)
        {
            return true;
        }
        if (_stream.CanSeek)
        {
            var available = _stream.Length - _stream.Position;
            var step = Math.Min(count, available);
            _stream.Seek(step, SeekOrigin.Current);
            _bufferOffset += _end + step;
            _start = _end = 0;
            if (step < count)
            {
                _streamEnded = true;
                return false;
            }
            return true;
        }
        while (count > 0)
        {
            if (_start == _end && !Fill())
            {
                return false;
            }
            var step = (int)Math.Min(count, _end - _start);
            _start += step;
            count -= step;
        }
        return true;
    }

    /// <summary>An exception that names this stream and a byte offset in it.</summary>
    public EventStreamException Damaged(long offset, string problem) => new(Name, offset, problem);

    /// <inheritdoc />
    public void Dispose()
    {
        if (_ownsStream)
        {
            _stream.Dispose();
        }
    }
}
