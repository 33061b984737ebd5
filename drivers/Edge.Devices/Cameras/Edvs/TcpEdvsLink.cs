using System.Net.Sockets;
using Edge.Runtime;

namespace Edge.Devices.Cameras.Edvs;

/// <summary>An eDVS behind its WLAN module (or a PushBot): the serial protocol over TCP, port 56000.</summary>
internal sealed class TcpEdvsLink : IEdvsLink
{
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(5);
    private readonly Socket _socket;

    public TcpEdvsLink(string host, int port)
    {
        Name = $"{host}:{port}";
        _socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            using var timeout = new CancellationTokenSource(ConnectTimeout);
            _socket.ConnectAsync(host, port, timeout.Token).AsTask().GetAwaiter().GetResult();
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException)
        {
            _socket.Dispose();
            var why = ex is SocketException s ? s.SocketErrorCode.ToString() : $"no answer within {ConnectTimeout.TotalSeconds:0} s";
            throw new DeviceUnavailableException(
                $"no eDVS at {Name} ({why}): check the WLAN module's address and that it listens on port {port}", ex);
        }
    }

    public string Name { get; }

    public void Write(ReadOnlySpan<byte> bytes)
    {
        while (!bytes.IsEmpty)
        {
            bytes = bytes[_socket.Send(bytes)..];
        }
    }

    public int Read(Span<byte> buffer) => _socket.Receive(buffer);

    public int ReadWithin(Span<byte> buffer, TimeSpan timeout)
    {
        if (!_socket.Poll(timeout, SelectMode.SelectRead))
        {
            return 0;
        }
        var n = _socket.Receive(buffer);
        return n > 0 ? n : throw new EndOfStreamException($"{Name} closed the connection");
    }

    public void Dispose()
    {
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
