using System.Net.Sockets;
using System.Runtime.Versioning;

namespace Edge.Devices.Interop;

/// <summary>
/// A read-only stream over a connected socket that reads through <see cref="FdReader"/> (no
/// allocation per read, unlike NetworkStream/Socket.Receive); owns and closes the socket.
/// </summary>
[SupportedOSPlatform("linux")]
internal sealed class SocketReadStream(Socket socket) : Stream
{
    private readonly FdReader _reader = new(socket.SafeHandle);

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
            socket.Dispose();
        }
        base.Dispose(disposing);
    }
}
