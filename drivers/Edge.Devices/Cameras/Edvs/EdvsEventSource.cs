using Edge.Runtime;
using Edge.Runtime.Events;

namespace Edge.Devices.Cameras.Edvs;

/// <summary>
/// A live eDVS4337 / mini-eDVS (128×128) over a serial port or its WLAN module. Opening runs the
/// device's open sequence and starts streaming; <see cref="Read"/> blocks until events arrive;
/// <see cref="Dispose"/> stops the stream (<c>E-</c>) and closes the link. The receive buffer is
/// allocated once; reading allocates nothing.
/// </summary>
/// <remarks>
/// Read blocks on the device: feed a learner through <see cref="BackgroundEventSource"/> so that
/// a slow consumer never stalls the link (the CLI's source factory does).
/// </remarks>
public sealed class EdvsEventSource : IEventSource, IEventSourceHealth
{
    private static ReadOnlySpan<byte> StartEcho => "E+\n"u8;
    private readonly IEdvsLink _link;
    private readonly EdvsDecoder _decoder;
    private readonly byte[] _buffer;
    private int _start;
    private int _end;
    private bool _echoChecked;
    private volatile bool _disposed;
    private bool _ended;

    private EdvsEventSource(IEdvsLink link, EdvsOptions options)
    {
        _link = link;
        _decoder = new EdvsDecoder(options.Format);
        _buffer = new byte[Math.Max(options.ReceiveBufferBytes, 64)];
        try
        {
            Banner = EdvsHandshake.Configure(link, options);
            EdvsHandshake.Start(link);
        }
        catch
        {
            link.Dispose();
            throw;
        }
    }

    /// <summary>Opens an eDVS on a serial device (e.g. <c>/dev/ttyUSB0</c>) and starts streaming.</summary>
    /// <exception cref="DeviceUnavailableException">No such port, no permission, a refused baud rate, or no eDVS banner.</exception>
    public static EdvsEventSource OpenSerial(string device, EdvsOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(device);
        if (!OperatingSystem.IsLinux())
        {
            throw new DeviceUnavailableException($"cannot open {device}: the serial eDVS driver runs on Linux (a Raspberry Pi, a PC)");
        }
        options ??= new EdvsOptions();
        return new EdvsEventSource(new SerialEdvsLink(device, options), options);
    }

    /// <summary>Opens an eDVS behind its WLAN module (TCP, port 56000 by default) and starts streaming.</summary>
    /// <exception cref="DeviceUnavailableException">Nothing listens there, or it is not an eDVS.</exception>
    public static EdvsEventSource OpenTcp(string host, int port = EdvsOptions.DefaultTcpPort, EdvsOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(host);
        if (!OperatingSystem.IsLinux())
        {
            throw new DeviceUnavailableException($"cannot reach {host}:{port}: the eDVS driver runs on Linux (a Raspberry Pi, a PC)");
        }
        options ??= new EdvsOptions();
        return new EdvsEventSource(new TcpEdvsLink(host, port), options);
    }

    /// <summary>The 128×128 DVS128 pixel array.</summary>
    public SensorGeometry? Geometry { get; } = new SensorGeometry(128, 128);

    /// <summary>The startup message the board printed after reset (printable characters only).</summary>
    public string Banner { get; }

    /// <summary>The serial device or host:port.</summary>
    public string Name => _link.Name;

    /// <summary>Events decoded so far.</summary>
    public long EventsDecoded => _decoder.EventsDecoded;

    /// <inheritdoc />
    public StreamHealth Health => new(
        BytesSkipped: _decoder.BytesSkipped,
        TimestampWraps: _decoder.TimestampWraps,
        TimestampRepairs: _decoder.TimestampRepairs);

    /// <inheritdoc />
    public int Read(Span<DvsEvent> destination)
    {
        if (destination.IsEmpty)
        {
            return 0;
        }
        while (true)
        {
            var n = _decoder.Decode(_buffer.AsSpan(_start, _end - _start), destination, out var consumed, _ended);
            _start += consumed;
            if (n > 0 || (_ended && consumed == 0))
            {
                return n;
            }
            if (!_ended && !Fill())
            {
                _ended = true; // decode what is left without waiting for a following byte
            }
        }
    }

    /// <summary>Reads more bytes after the unused tail; false at the end of the stream.</summary>
    private bool Fill()
    {
        if (_start > 0)
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            _end -= _start;
            _start = 0;
        }
        int n;
        try
        {
            n = _link.Read(_buffer.AsSpan(_end));
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or OperationCanceledException
            or InvalidOperationException or System.Net.Sockets.SocketException)
        {
            if (_disposed)
            {
                return false;
            }
            throw new DeviceUnavailableException($"eDVS on {_link.Name} stopped answering: {ex.Message.TrimEnd('.')}", ex);
        }
        _end += n;
        if (!_echoChecked)
        {
            SkipStartEcho();
        }
        return n > 0;
    }

    /// <summary>A board that kept its UART echo on repeats "E+" before the first event.</summary>
    private void SkipStartEcho()
    {
        var received = _buffer.AsSpan(_start, _end - _start);
        var echo = StartEcho;
        var length = Math.Min(received.Length, echo.Length);
        if (!received[..length].SequenceEqual(echo[..length]))
        {
            _echoChecked = true;
        }
        else if (length == echo.Length)
        {
            _start += echo.Length;
            _echoChecked = true;
        }
    }

    /// <summary>Stops the stream (<c>E-</c>) and closes the link; a blocked <see cref="Read"/> returns 0.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        try
        {
            EdvsHandshake.Stop(_link);
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException or TimeoutException or System.Net.Sockets.SocketException or ObjectDisposedException)
        {
            // The board is gone already; closing is all that is left.
        }
        _link.Dispose();
    }
}
