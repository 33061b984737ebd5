using System.Net;
using System.Net.Sockets;
using Edge.Devices.Cameras.Edvs;
using Edge.Runtime;
using Edge.Runtime.Events;

namespace Edge.Devices.Tests.Edvs;

/// <summary>The eDVS WLAN module path: the same protocol over TCP, against a loopback server.</summary>
public class EdvsTcpTests
{
    [Fact]
    public void Streams_over_tcp_and_ends_cleanly_when_the_module_hangs_up()
    {
        var recording = EdvsRecording.Create(EdvsEventFormat.E3, count: 5000, startUs: 16_700_000, seed: 21, dropByteOfEvent: 1000, dropOffset: 4);
        var (expected, reference) = recording.DecodeAll(EdvsEventFormat.E3, endOfStream: true);
        using var module = new LoopbackEdvsModule(recording.Bytes);

        using var source = EdvsEventSource.OpenTcp("127.0.0.1", module.Port, new EdvsOptions { Format = EdvsEventFormat.E3 });
        var received = EdvsSerialTests.ReadEvents(source, expected.Count - 1);
        Assert.True(module.Board.RecordingSent.Wait(TimeSpan.FromSeconds(20)));
        module.HangUp();
        received.AddRange(EdvsSerialTests.ReadEvents(source, 1));

        Assert.Equal(expected, received);
        Assert.Equal(0, source.Read(new DvsEvent[8]));
        Assert.Equal(1, source.Health.TimestampWraps);
        Assert.Equal(reference.BytesSkipped, source.Health.BytesSkipped);
        Assert.Equal("127.0.0.1:" + module.Port, source.Name);
    }

    [Fact]
    public void Nothing_listening_is_a_device_error_naming_the_address()
    {
        var port = LoopbackEdvsModule.FreePort();

        var ex = Assert.Throws<DeviceUnavailableException>(() => EdvsEventSource.OpenTcp("127.0.0.1", port));

        Assert.StartsWith($"no eDVS at 127.0.0.1:{port} (ConnectionRefused)", ex.Message, StringComparison.Ordinal);
    }

    /// <summary>A TCP server on 127.0.0.1 that plays an eDVS WLAN module for one connection.</summary>
    internal sealed class LoopbackEdvsModule : IDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly Task<Socket> _accepted;
        private EdvsDeviceEmulator? _board;

        public LoopbackEdvsModule(byte[] recording, int chunk = 1400)
        {
            _listener.Start();
            Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
            _accepted = _listener.AcceptSocketAsync().ContinueWith(t =>
            {
                _board = new EdvsDeviceEmulator(new NetworkStream(t.Result, ownsSocket: true), recording, chunk);
                return t.Result;
            }, TaskScheduler.Default);
        }

        public int Port { get; }

        public EdvsDeviceEmulator Board
        {
            get
            {
                Assert.True(_accepted.Wait(TimeSpan.FromSeconds(20)), "no connection");
                return _board!;
            }
        }

        public static int FreePort()
        {
            using var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            return ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        /// <summary>The module closes the connection (power off, out of range).</summary>
        public void HangUp()
        {
            var socket = _accepted.Result;
            socket.Shutdown(SocketShutdown.Both);
            socket.Close();
        }

        public void Dispose()
        {
            _listener.Stop();
            if (_accepted.IsCompletedSuccessfully)
            {
                _accepted.Result.Dispose();
                _board?.Dispose();
            }
        }
    }
}
