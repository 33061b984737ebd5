using System.Net.Sockets;
using Edge.Devices.Interop;
using Edge.Drivers.Formats;
using Edge.Drivers.Formats.Evt2;
using Edge.Drivers.Formats.Evt3;
using Edge.Runtime;
using Edge.Runtime.Events;

namespace Edge.Devices.Cameras.Prophesee;

/// <summary>
/// A live Prophesee camera as OpenEB's tools hand it over: the raw EVT 2.0 / 3.0 word stream
/// (optionally behind the '%' header of a RAW file) on a pipe, standard input or a TCP socket.
/// Decoding is the drivers' incremental <see cref="Evt2Decoder"/> / <see cref="Evt3Decoder"/>;
/// unlike a file reader, <see cref="Read"/> returns as soon as it has events instead of filling the
/// whole destination, so a slow camera adds no latency. The buffer is allocated once.
/// </summary>
public sealed class EvtStreamSource : IEventSource, IEventSourceHealth
{
    private const int MaxHeaderBytes = 64 * 1024;
    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private readonly IRawEventDecoder _decoder;
    private readonly byte[] _buffer;
    private int _start;
    private int _end;
    private bool _ended;

    /// <summary>Reads an EVT stream; reads its '%' header, if any, before returning.</summary>
    /// <param name="stream">The byte stream (pipe, socket, file).</param>
    /// <param name="name">What to call it in messages (e.g. "stdin", "tcp://host:port").</param>
    /// <param name="options">Encoding and geometry when the stream has no header.</param>
    /// <param name="leaveOpen">Keep <paramref name="stream"/> open on dispose.</param>
    /// <exception cref="EventStreamException">No header says the encoding and none was given, or the header is damaged.</exception>
    public EvtStreamSource(Stream stream, string name, EvtStreamOptions? options = null, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentException.ThrowIfNullOrEmpty(name);
        options ??= new EvtStreamOptions();
        _stream = stream;
        _leaveOpen = leaveOpen;
        Name = name;
        _buffer = new byte[Math.Max(options.BufferBytes, MaxHeaderBytes * 2)];
        var header = ReadHeader();
        Format = header?.Encoding ?? options.Format
            ?? throw new EventStreamException(name, 0, "the stream has no '%' header naming its encoding; say which it is (format=evt2 or format=evt3)");
        if (Format is not (EventFormat.Evt2 or EventFormat.Evt3))
        {
            throw new EventStreamException(name, 0, $"a live Prophesee stream carries EVT 2.0 or EVT 3.0, not {Format.ToName()}");
        }
        Geometry = options.Geometry ?? header?.Geometry;
        var timeOffset = header?.TimeOffsetUs ?? 0;
        _decoder = Format == EventFormat.Evt2 ? new Evt2Decoder(timeOffset) : new Evt3Decoder(timeOffset);
    }

    /// <summary>Reads standard input (<c>metavision_… | edge …</c>).</summary>
    public static EvtStreamSource OpenStandardInput(EvtStreamOptions? options = null) =>
        new(Console.OpenStandardInput(), "stdin", options);

    /// <summary>
    /// Reads a named pipe (FIFO) or a file; opening a FIFO waits for its writer's first bytes, and a
    /// read waiting on a silent pipe ends soon after the source is disposed.
    /// </summary>
    /// <exception cref="DeviceUnavailableException">There is no such pipe, or it cannot be opened.</exception>
    public static EvtStreamSource OpenPipe(string path, EvtStreamOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            throw new DeviceUnavailableException($"no pipe {path}: create it with 'mkfifo {path}' and start the camera's capture tool writing to it");
        }
        if (!OperatingSystem.IsLinux())
        {
            return Own(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 0), path, options);
        }
        Stream stream;
        try
        {
            stream = DescriptorReadStream.Open(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new DeviceUnavailableException($"cannot open the pipe {path}: {ex.Message.TrimEnd('.')}", ex);
        }
        return Own(stream, path, options);
    }

    /// <summary>Connects to a TCP server that sends the camera's raw bytes.</summary>
    /// <exception cref="DeviceUnavailableException">Nothing listens there.</exception>
    public static EvtStreamSource OpenTcp(string host, int port, EvtStreamOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(host);
        var name = $"tcp://{host}:{port}";
        if (!OperatingSystem.IsLinux())
        {
            throw new DeviceUnavailableException($"cannot reach {name}: live streams are read on Linux (a Raspberry Pi, a PC)");
        }
        Socket socket;
        try
        {
            socket = BlockingTcp.Connect(host, port, TimeSpan.FromSeconds(5));
        }
        catch (SocketException ex)
        {
            throw new DeviceUnavailableException($"no event stream at {name} ({ex.SocketErrorCode}): start the camera's streaming tool there first", ex);
        }
        return Own(DescriptorReadStream.Of(socket), name, options);
    }

    /// <summary>The stream's name in messages.</summary>
    public string Name { get; }

    /// <summary>EVT 2.0 or EVT 3.0.</summary>
    public EventFormat Format { get; }

    /// <inheritdoc />
    public SensorGeometry? Geometry { get; }

    /// <inheritdoc />
    public StreamHealth Health => new(WordsSkipped: _decoder.WordsSkipped, TimestampWraps: _decoder.TimeHighLoops);

    /// <inheritdoc />
    public int Read(Span<DvsEvent> destination)
    {
        if (destination.IsEmpty)
        {
            return 0;
        }
        while (true)
        {
            if (_start < _end)
            {
                var n = _decoder.Decode(_buffer.AsSpan(_start, _end - _start), destination, out var consumed);
                _start += consumed;
                if (n > 0)
                {
                    return n;
                }
            }
            if (_ended || !Fill())
            {
                _ended = true;
                return 0;
            }
        }
    }

    private static EvtStreamSource Own(Stream stream, string name, EvtStreamOptions? options)
    {
        try
        {
            return new EvtStreamSource(stream, name, options);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    private bool Fill()
    {
        if (_start == _end)
        {
            _start = _end = 0;
        }
        var n = _stream.Read(_buffer, _end, _buffer.Length - _end);
        _end += n;
        return n > 0;
    }

    /// <summary>
    /// Buffers the '%' lines at the start of the stream and parses them with the drivers' RAW
    /// header reader (the one place that knows the header keys); the data after stays buffered.
    /// </summary>
    private PropheseeHeader? ReadHeader()
    {
        var length = 0;
        while (true)
        {
            if (length == _end && !Fill())
            {
                break; // the stream ended
            }
            if (_buffer[length] != (byte)'%')
            {
                break; // the data starts here
            }
            var newline = Array.IndexOf(_buffer, (byte)'\n', length, _end - length);
            if (newline < 0)
            {
                if (_end >= MaxHeaderBytes)
                {
                    throw new EventStreamException(Name, 0, $"the '%' header is longer than {MaxHeaderBytes} bytes");
                }
                if (!Fill())
                {
                    break;
                }
                continue;
            }
            var line = _buffer.AsSpan(length, newline - length).TrimEnd((byte)'\r');
            length = newline + 1;
            if (line.SequenceEqual("% end"u8))
            {
                break;
            }
        }
        return length == 0 ? null : ParseHeader(length);
    }

    private PropheseeHeader ParseHeader(int length)
    {
        _start = length;
        using var header = new MemoryStream(_buffer, 0, length, writable: false);
        // A placeholder encoding keeps the opener from guessing from data the header does not have.
        using var reader = (PropheseeRawReader)EventFile.OpenRead(header, Name, new EventFileOptions { Format = EventFormat.Evt3 });
        return reader.Header;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (!_leaveOpen)
        {
            _stream.Dispose();
        }
    }
}
