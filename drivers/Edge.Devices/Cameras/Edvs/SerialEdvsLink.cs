using System.IO.Ports;
using Edge.Devices.Interop;
using Edge.Runtime;

namespace Edge.Devices.Cameras.Edvs;

/// <summary>
/// An eDVS on a serial port. <see cref="SerialPort"/> opens and configures the line (8N1,
/// optional RTS/CTS; on Linux, System.IO.Ports sets rates without a <c>Bxxxx</c> constant such as
/// 12 Mbaud through the termios2 <c>TCSETS2</c>/<c>BOTHER</c> ioctl) and sends the commands; the
/// events are read through <see cref="FdReader"/>, which allocates nothing per read.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
internal sealed class SerialEdvsLink : IEdvsLink
{
    private readonly SerialPort _port;
    private readonly FdReader _reader;
    private readonly byte[] _writeBuffer = new byte[64];
    private volatile bool _disposed;

    public SerialEdvsLink(string device, EdvsOptions options)
    {
        Name = device;
        _port = new SerialPort(device, options.BaudRate, Parity.None, 8, StopBits.One)
        {
            Handshake = options.HardwareFlowControl ? Handshake.RequestToSend : Handshake.None,
            WriteTimeout = 2000,
        };
        FdReader? reader = null;
        try
        {
            reader = FdReader.OpenDevice(device); // before SerialPort takes the tty exclusively
            _port.Open();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException)
        {
            reader?.Dispose();
            _port.Dispose();
            throw OpenFailure(device, options.BaudRate, ex);
        }
        _reader = reader;
        _port.DiscardInBuffer();
    }

    public string Name { get; }

    public void Write(ReadOnlySpan<byte> bytes)
    {
        // SerialPort writes arrays: longer commands go through the reused buffer in pieces.
        while (!bytes.IsEmpty)
        {
            var piece = Math.Min(bytes.Length, _writeBuffer.Length);
            bytes[..piece].CopyTo(_writeBuffer);
            _port.Write(_writeBuffer, 0, piece);
            bytes = bytes[piece..];
        }
    }

    public int Read(Span<byte> buffer)
    {
        var n = _reader.Read(buffer);
        // A tty has no end of stream: reading nothing while open means the adapter went away.
        return n > 0 || _disposed ? n : throw new IOException("the serial line hung up");
    }

    public int ReadWithin(Span<byte> buffer, TimeSpan timeout)
    {
        var n = _reader.ReadWithin(buffer, timeout);
        return n >= 0 ? n : throw new IOException("the serial line hung up");
    }

    public void Dispose()
    {
        _disposed = true;
        _reader.Dispose();
        _port.Dispose();
    }

    private static DeviceUnavailableException OpenFailure(string device, int baud, Exception ex)
    {
        var what = ex switch
        {
            _ when !File.Exists(device) =>
                $"no serial device {device}: check that the eDVS is plugged in (ls /dev/ttyUSB* /dev/ttyACM*)",
            UnauthorizedAccessException =>
                $"permission denied on {device}: add the user to the 'dialout' group (sudo usermod -aG dialout $USER, then log in again)",
            _ when ex.Message.Contains("baud", StringComparison.OrdinalIgnoreCase) || ex is ArgumentOutOfRangeException =>
                $"the serial driver of {device} refused {baud} baud ({ex.Message.TrimEnd('.')}); use an adapter that supports it (FTDI FT232H does 4 and 12 Mbaud) or another ?baud=",
            _ => $"cannot open {device} at {baud} baud: {ex.Message.TrimEnd('.')}",
        };
        return new DeviceUnavailableException(what, ex);
    }
}
