using System.Net;
using System.Net.Sockets;

namespace Edge.Devices.Interop;

/// <summary>
/// Connects a TCP socket with a timeout without ever using the socket's async machinery: on Unix a
/// socket that saw one async call stays non-blocking and emulates synchronous reads, which then
/// allocate now and then. Here the connect is the classic non-blocking connect + poll, and the
/// socket is blocking again before it is returned, so <c>Receive(Span)</c> allocates nothing.
/// </summary>
internal static class BlockingTcp
{
    /// <summary>A connected, blocking socket with Nagle off.</summary>
    /// <exception cref="SocketException">The connection failed (refused, unreachable, timed out).</exception>
    public static Socket Connect(string host, int port, TimeSpan timeout)
    {
        SocketException? last = null;
        foreach (var address in Dns.GetHostAddresses(host))
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true, Blocking = false };
            try
            {
                try
                {
                    socket.Connect(address, port);
                }
                catch (SocketException ex) when (ex.SocketErrorCode is SocketError.WouldBlock or SocketError.InProgress)
                {
                    if (!socket.Poll(timeout, SelectMode.SelectWrite))
                    {
                        throw new SocketException((int)SocketError.TimedOut);
                    }
                    var error = (SocketError)(int)socket.GetSocketOption(SocketOptionLevel.Socket, SocketOptionName.Error)!;
                    if (error != SocketError.Success)
                    {
                        throw new SocketException((int)error);
                    }
                }
                socket.Blocking = true;
                return socket;
            }
            catch (SocketException ex)
            {
                socket.Dispose();
                last = ex;
            }
        }
        throw last ?? new SocketException((int)SocketError.HostNotFound);
    }
}
