using Edge.Drivers.Formats.Aedat2;
using Edge.Drivers.Formats.Aedat3;
using Edge.Drivers.Formats.Aedat4;
using Edge.Drivers.Formats.Dat;
using Edge.Drivers.Formats.Evt2;
using Edge.Drivers.Formats.Evt3;
using Edge.Drivers.Formats.Io;
using Edge.Drivers.Formats.Nmnist;
using Edge.Runtime.Events;

namespace Edge.Drivers.Formats;

/// <summary>
/// Opens event files of any supported format. The format comes from, in order: an explicit
/// <see cref="EventFileOptions.Format"/>, the file's magic line or header, and for headerless files
/// the extension (.bin N-MNIST, .dat Prophesee DAT, .raw EVT 2.0/3.0 told apart by content).
/// </summary>
public static class EventFile
{
    private const int DetectBytes = 64 * 1024;

    /// <summary>Opens <paramref name="path"/> for streaming reads.</summary>
    /// <exception cref="EventStreamException">The file is damaged or not an event file.</exception>
    /// <exception cref="FileNotFoundException">There is no such file.</exception>
    public static EventFileReader OpenRead(string path, EventFileOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (Directory.Exists(path))
        {
            throw new EventStreamException(path, 0, "is a directory, not an event file");
        }
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
        try
        {
            return OpenRead(stream, path, options, leaveOpen: false);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Opens an event stream (a file, a pipe, memory). <paramref name="name"/> appears in error
    /// messages and its extension helps detect headerless formats.
    /// </summary>
    public static EventFileReader OpenRead(Stream stream, string name, EventFileOptions? options = null, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(name);
        options ??= new EventFileOptions();
        var window = new ByteWindow(stream, name, Math.Max(options.BufferBytes, 4096), ownsStream: !leaveOpen);
        try
        {
            return Open(window, options);
        }
        catch
        {
            if (!leaveOpen)
            {
                window.Dispose();
            }
            throw;
        }
    }

    /// <summary>The format of <paramref name="path"/>, as <see cref="OpenRead(string, EventFileOptions?)"/> detects it.</summary>
    public static EventFormat Detect(string path)
    {
        using var reader = OpenRead(path);
        return reader.Format;
    }

    /// <summary>Creates (or overwrites) <paramref name="path"/> and returns a writer of <paramref name="format"/>.</summary>
    /// <param name="path">The file to write.</param>
    /// <param name="format">The format to write.</param>
    /// <param name="geometry">The events' sensor array; AEDAT 2.0 and 4.0 require it.</param>
    public static EventFileWriter Create(string path, EventFormat format, SensorGeometry? geometry)
    {
        ArgumentNullException.ThrowIfNull(path);
        var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 1);
        try
        {
            return Create(stream, format, geometry);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>A writer of <paramref name="format"/> on <paramref name="stream"/>.</summary>
    public static EventFileWriter Create(Stream stream, EventFormat format, SensorGeometry? geometry, bool leaveOpen = false) => format switch
    {
        EventFormat.Aedat2 => new Aedat2Writer(stream, Required(geometry, format), leaveOpen),
        EventFormat.Aedat3 => new Aedat3Writer(stream, geometry, leaveOpen),
        EventFormat.Aedat4 => new Aedat4Writer(stream, Required(geometry, format), options: null, leaveOpen),
        EventFormat.Evt2 => new Evt2Writer(stream, geometry, leaveOpen),
        EventFormat.Evt3 => new Evt3Writer(stream, geometry, leaveOpen),
        EventFormat.Dat => new DatWriter(stream, geometry, leaveOpen),
        EventFormat.Nmnist => new NmnistWriter(stream, geometry, leaveOpen),
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "unknown format"),
    };

    /// <summary>
    /// The format an output file name implies on its own (.aedat4, .dat), or null when the
    /// extension is ambiguous (.raw: EVT 2.0 or 3.0; .aedat: 2.0 or 3.1; .bin) or unknown.
    /// </summary>
    public static EventFormat? FormatForOutput(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".aedat4" => EventFormat.Aedat4,
        ".dat" => EventFormat.Dat,
        _ => null,
    };

    private static SensorGeometry Required(SensorGeometry? geometry, EventFormat format) =>
        geometry ?? throw new ArgumentException($"{format.ToName()} files record the sensor size: give a geometry", nameof(geometry));

    private static EventFileReader Open(ByteWindow window, EventFileOptions options)
    {
        window.Ensure(16);
        if (window.Count == 0)
        {
            // Even --lenient: it salvages damaged records of a recognised format, and there is nothing to recognise.
            throw window.Damaged(0, "the file is empty (0 bytes): not an event recording");
        }
        var start = window.Span;
        var magic = MagicFormat(start);
        var format = options.Format ?? magic;
        if (format is null && start[0] != (byte)'%' && TextProbe.LooksLikeText(window))
        {
            throw window.Damaged(0, "this is text, not an event recording: no AEDAT or Prophesee header, and its bytes are printable characters");
        }
        if (format is null && start[0] == (byte)'%')
        {
            var header = PropheseeHeader.Read(window);
            return OpenProphesee(window, header, PropheseeFormat(window, header), options);
        }
        format ??= HeaderlessFormat(window);
        switch (format.Value)
        {
            case EventFormat.Aedat2:
                return new Aedat2Reader(window, Aedat2Header.Read(window), options);
            case EventFormat.Aedat3:
                return Aedat3Reader.Open(window, options);
            case EventFormat.Aedat4:
                return Aedat4Reader.Open(window, options);
            case EventFormat.Nmnist:
                return new NmnistReader(window, options);
            default:
                return OpenProphesee(window, PropheseeHeader.Read(window), format.Value, options);
        }
    }

    private static EventFileReader OpenProphesee(ByteWindow window, PropheseeHeader header, EventFormat format, EventFileOptions options)
    {
        if (format == EventFormat.Dat)
        {
            return DatReader.Open(window, header, options);
        }
        if (format is EventFormat.Evt2 or EventFormat.Evt3)
        {
            return new PropheseeRawReader(window, format, header, options);
        }
        throw window.Damaged(0, $"a '%' header does not start a {format.ToName()} file");
    }

    private static EventFormat PropheseeFormat(ByteWindow window, PropheseeHeader header)
    {
        if (header.UnsupportedEncoding is { } unsupported)
        {
            throw window.Damaged(0, $"the header declares the '{unsupported}' encoding; Edge reads EVT 2.0, EVT 3.0 and DAT");
        }
        if (header.Encoding is { } encoding)
        {
            return encoding;
        }
        var extension = Path.GetExtension(window.Name);
        if (header.LooksLikeDat || extension.Equals(".dat", StringComparison.OrdinalIgnoreCase))
        {
            return EventFormat.Dat;
        }
        return GuessRaw(window);
    }

    private static EventFormat? MagicFormat(ReadOnlySpan<byte> start)
    {
        if (start.StartsWith("#!AER-DAT4"u8))
        {
            return EventFormat.Aedat4;
        }
        if (start.StartsWith("#!AER-DAT3"u8))
        {
            return EventFormat.Aedat3;
        }
        if (start.StartsWith("#!AER-DAT2"u8) || start.StartsWith("#!AER-DAT1"u8))
        {
            return EventFormat.Aedat2;
        }
        return null;
    }

    private static EventFormat HeaderlessFormat(ByteWindow window)
    {
        var extension = Path.GetExtension(window.Name).ToLowerInvariant();
        return extension switch
        {
            ".bin" => EventFormat.Nmnist,
            ".dat" => EventFormat.Dat,
            ".raw" => GuessRaw(window),
            ".aedat" => EventFormat.Aedat2,
            _ => throw window.Damaged(0,
                "not a recognised event file: no AEDAT or Prophesee header, and the extension does not name a headerless format (pass the format explicitly)"),
        };
    }

    private static EventFormat GuessRaw(ByteWindow window)
    {
        window.Ensure(Math.Min(DetectBytes, window.Capacity));
        return RawEncodingGuess.Guess(window.Span[..Math.Min(window.Count, DetectBytes)])
               ?? throw window.Damaged(window.Position,
                   "cannot tell whether this RAW data is EVT 2.0 or EVT 3.0 (no '% evt' header line); pass the format explicitly");
    }
}
