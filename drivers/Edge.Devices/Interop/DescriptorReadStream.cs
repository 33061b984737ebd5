using System.Net.Sockets;
using System.Runtime.Versioning;

namespace Edge.Devices.Interop;

/// <summary>
/// A read-only stream over a file descriptor — a connected socket, a named pipe (FIFO) — that reads
/// through <see cref="FdReader"/>: no allocation per read (unlike NetworkStream/Socket.Receive), and a
/// blocked read ends soon after the stream is disposed (unlike FileStream on a pipe).
/// </summary>
[SupportedOSPlatform("linux")]
internal sealed class DescriptorReadStream : Stream
{
    private readonly FdReader _reader;
    private readonly IDisposable? _owner;

    private DescriptorReadStream(FdReader reader, IDisposable? owner)
    {
        _reader = reader;
        _owner = owner;
    }

    /// <summary>Reads <paramref name="socket"/>; owns and closes it.</summary>
    public static DescriptorReadStream Of(Socket socket) => new(new FdReader(socket.SafeHandle), socket);

    /// <summary>Opens <paramref name="path"/> (a FIFO or a file) for reading without waiting for a FIFO's writer.</summary>
    /// <exception cref="IOException">It cannot be opened.</exception>
    public static DescriptorReadStream Open(string path) => new(FdReader.OpenDevice(path), owner: null);

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => _reader.Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer) => _reader.Read(buffer);

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _reader.Dispose();
            _owner?.Dispose();
        }
        base.Dispose(disposing);
    }
}
