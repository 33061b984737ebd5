using System.Net.Sockets;
using Edge.Devices.Interop;
using Edge.Runtime;

namespace Edge.Devices.Cameras.Edvs;

/// <summary>
/// An eDVS behind its WLAN module (or a PushBot): the serial protocol over TCP, port 56000. The
/// socket sends commands; events are read through <see cref="FdReader"/>, allocation-free.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
internal sealed class TcpEdvsLink : IEdvsLink
{
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(5);
    private readonly Socket _socket;
    private readonly FdReader _reader;

    public TcpEdvsLink(string host, int port)
    {
        Name = $"{host}:{port}";
        try
        {
            _socket = BlockingTcp.Connect(host, port, ConnectTimeout);
        }
        catch (SocketException ex)
        {
            throw new DeviceUnavailableException(
                $"no eDVS at {Name} ({ex.SocketErrorCode}): check the WLAN module's address and that it listens on port {port}", ex);
        }
        _reader = new FdReader(_socket.SafeHandle);
    }

    public string Name { get; }

    public void Write(ReadOnlySpan<byte> bytes)
    {
        while (!bytes.IsEmpty)
        {
            bytes = bytes[_socket.Send(bytes)..];
        }
    }

    public int Read(Span<byte> buffer) => _reader.Read(buffer);

    public int ReadWithin(Span<byte> buffer, TimeSpan timeout)
    {
        var n = _reader.ReadWithin(buffer, timeout);
        return n >= 0 ? n : throw new EndOfStreamException($"{Name} closed the connection");
    }

    public void Dispose()
    {
        _reader.Dispose();
        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (SocketException)
        {
            // Already closed by the peer.
        }
        _socket.Dispose();
    }
}
