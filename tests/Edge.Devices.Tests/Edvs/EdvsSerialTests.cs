using Edge.Devices.Cameras.Edvs;
using Edge.Devices.Tests.Support;
using Edge.Runtime;
using Edge.Runtime.Events;

namespace Edge.Devices.Tests.Edvs;

/// <summary>
/// The eDVS driver end to end over a real serial line: System.IO.Ports opens the slave side of a
/// pseudo-terminal and the test plays the board on the master side.
/// </summary>
public class EdvsSerialTests
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(20);

    [Fact]
    public void Runs_the_open_sequence_streams_resyncs_unwraps_and_stops_cleanly()
    {
        const EdvsEventFormat format = EdvsEventFormat.E2;
        var recording = EdvsRecording.Create(format, count: 6000, startUs: 61_000, seed: 42, dropByteOfEvent: 2500, dropOffset: 2);
        var (expected, reference) = recording.DecodeAll(format, endOfStream: false);
        using var pty = new PseudoTerminal();
        using var board = new EdvsDeviceEmulator(pty.Master, recording.Bytes);

        var options = new EdvsOptions { BaudRate = 12_000_000, Format = format, Biases = EdvsBiases.Fast };
        List<DvsEvent> received;
        using (var source = EdvsEventSource.OpenSerial(pty.SlavePath, options))
        {
            // 12 Mbaud has no Bxxxx constant: it must have gone through termios2 (TCSETS2 + BOTHER).
            Assert.Equal(12_000_000, pty.SlaveOutputSpeed());
            Assert.Contains("EDVS-4337", source.Banner, StringComparison.Ordinal);
            Assert.Equal(new SensorGeometry(128, 128), source.Geometry);

            received = ReadEvents(source, expected.Count);
            Assert.Equal(reference.BytesSkipped, source.Health.BytesSkipped);
            Assert.Equal(reference.TimestampWraps, source.Health.TimestampWraps);
        }

        Assert.Equal(expected, received);
        Assert.True(reference.BytesSkipped > 0);
        Assert.Equal(recording.Events[^2].T >> 16, reference.TimestampWraps);
        EdvsDecoderTests.AssertMonotonic(received);

        Assert.True(board.StopReceived.Wait(Guard), "the driver did not send E- on dispose");
        Assert.True(board.WaitForHangUp(Guard), "the serial port was not closed");
        string[] sequence =
        [
            "E-", "R", "!U0", "!E2",
            .. EdvsBiases.Fast.Commands(),
            "!ET0", "E+", "E-",
        ];
        Assert.Equal(sequence, board.Commands.ToArray());
    }

    [Fact]
    public void A_board_that_keeps_its_echo_on_still_gives_a_clean_stream()
    {
        var recording = EdvsRecording.Create(EdvsEventFormat.E4, count: 3000, startUs: 0, seed: 8);
        using var pty = new PseudoTerminal();
        using var board = new EdvsDeviceEmulator(pty.Master, recording.Bytes, chunk: 1000, ignoreEchoOff: true);

        using var source = EdvsEventSource.OpenSerial(pty.SlavePath, new EdvsOptions { Format = EdvsEventFormat.E4 });
        var received = ReadEvents(source, recording.Events.Length - 1);

        Assert.Equal(recording.Events[..^1], received);
        Assert.Equal(0, source.Health.BytesSkipped);
        Assert.Contains("!E4", board.Commands);
    }

    [Fact]
    public void Reading_allocates_nothing()
    {
        var recording = EdvsRecording.Create(EdvsEventFormat.E2, count: 20_000, startUs: 0, seed: 9);
        using var pty = new PseudoTerminal();
        using var board = new EdvsDeviceEmulator(pty.Master, recording.Bytes, chunk: 512);
        using var source = EdvsEventSource.OpenSerial(pty.SlavePath);
        var events = new DvsEvent[16];
        ReadEvents(source, 100);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var total = 100;
        var calls = 0;
        while (total < recording.Events.Length - 200)
        {
            total += source.Read(events);
            calls++;
        }
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(calls > 1000);
        Assert.Equal(0, allocated);
    }

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public void A_command_longer_than_the_write_buffer_arrives_whole()
    {
        using var pty = new PseudoTerminal();
        using var board = new EdvsDeviceEmulator(pty.Master, []);
        var command = "!B0=" + new string('7', 300);
        using (var link = new SerialEdvsLink(pty.SlavePath, new EdvsOptions()))
        {
            link.Write(System.Text.Encoding.ASCII.GetBytes(command + "\n"));
            var deadline = DateTime.UtcNow + Guard;
            while (board.Commands.IsEmpty && DateTime.UtcNow < deadline)
            {
                Thread.Sleep(10);
            }
        }
        Assert.Equal([command], board.Commands.ToArray());
    }

    [Fact]
    public void Something_that_is_not_an_eDVS_is_refused_with_one_line()
    {
        using var pty = new PseudoTerminal();
        using var modem = new EdvsDeviceEmulator(pty.Master, [], banner: "\r\nOK\r\n");

        var ex = Assert.Throws<DeviceUnavailableException>(() =>
            EdvsEventSource.OpenSerial(pty.SlavePath, new EdvsOptions { ResetTimeout = TimeSpan.FromMilliseconds(400) }));

        Assert.Contains("no eDVS answered on " + pty.SlavePath, ex.Message, StringComparison.Ordinal);
        Assert.Contains("'R OK'", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Fact]
    public void An_absent_serial_device_is_a_device_error_naming_it()
    {
        var ex = Assert.Throws<DeviceUnavailableException>(() => EdvsEventSource.OpenSerial("/dev/ttyUSB97"));

        Assert.StartsWith("no serial device /dev/ttyUSB97", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
    }

    internal static List<DvsEvent> ReadEvents(IEventSource source, int count)
    {
        var received = new List<DvsEvent>(count);
        var buffer = new DvsEvent[64];
        var task = Task.Run(() =>
        {
            while (received.Count < count)
            {
                var n = source.Read(buffer.AsSpan(0, Math.Min(buffer.Length, count - received.Count)));
                if (n == 0)
                {
                    break;
                }
                received.AddRange(buffer.AsSpan(0, n));
            }
        });
        Assert.True(task.Wait(Guard), $"only {received.Count} of {count} events arrived");
        return received;
    }
}
