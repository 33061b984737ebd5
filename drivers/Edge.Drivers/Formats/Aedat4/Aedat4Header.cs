using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using Edge.Drivers.Formats.Io;
using Edge.Runtime.Events;

namespace Edge.Drivers.Formats.Aedat4;

/// <summary>One output stream an AEDAT 4.0 file declares in its description XML.</summary>
/// <param name="Id">Stream id used in packet headers.</param>
/// <param name="TypeIdentifier">FlatBuffers identifier of its packets: EVTS, FRME, IMUS, TRIG, …</param>
/// <param name="Name">The recorded output's name ("events"), or null.</param>
/// <param name="Source">The camera that produced it, or null.</param>
/// <param name="Geometry">Pixel array (sizeX × sizeY) for event and frame streams, or null.</param>
public sealed record Aedat4StreamInfo(int Id, string TypeIdentifier, string? Name, string? Source, SensorGeometry? Geometry);

/// <summary>
/// The start of an AEDAT 4.0 file: the version line, the IOHeader FlatBuffer (compression, file
/// data table position, description XML) and the streams the description declares.
/// </summary>
public sealed class Aedat4Header
{
    /// <summary>The version line every AEDAT 4.0 file starts with.</summary>
    public const string Magic = "#!AER-DAT4.0\r\n";

    internal static ReadOnlySpan<byte> MagicBytes => "#!AER-DAT4.0\r\n"u8;

    /// <summary>Largest IOHeader accepted; real ones are a few KB of XML.</summary>
    public const int MaxIoHeaderBytes = 16 * 1024 * 1024;

    private Aedat4Header(Aedat4Compression compression, long fileDataPosition, string description, IReadOnlyList<Aedat4StreamInfo> streams, long length)
    {
        Compression = compression;
        FileDataPosition = fileDataPosition;
        Description = description;
        Streams = streams;
        ByteLength = length;
    }

    /// <summary>How every packet is compressed.</summary>
    public Aedat4Compression Compression { get; }

    /// <summary>Offset of the file data table (where packets end), or -1 when the file has none.</summary>
    public long FileDataPosition { get; }

    /// <summary>The description XML.</summary>
    public string Description { get; }

    /// <summary>The declared streams.</summary>
    public IReadOnlyList<Aedat4StreamInfo> Streams { get; }

    /// <summary>Bytes from the start of the file to the first packet.</summary>
    public long ByteLength { get; }

    internal static Aedat4Header Read(ByteWindow window)
    {
        var start = window.Position;
        var magicLength = Magic.Length;
        if (!window.Ensure(magicLength + 4) || !window.Span[..magicLength].SequenceEqual(MagicBytes))
        {
            throw window.Damaged(start, "expected the AEDAT 4.0 version line '#!AER-DAT4.0'");
        }
        var length = BinaryPrimitives.ReadUInt32LittleEndian(window.Span[magicLength..]);
        var at = start + magicLength;
        if (length < 12 || length > MaxIoHeaderBytes)
        {
            throw window.Damaged(at, $"IOHeader length {length} is outside 12…{MaxIoHeaderBytes} bytes");
        }
        if (window.Remaining is { } remaining && length > remaining - magicLength - 4)
        {
            throw window.Damaged(at, $"IOHeader length {length} runs past the end of the file ({remaining} bytes)");
        }
        window.Advance(magicLength + 4);
        var bytes = new byte[length];
        var copied = 0;
        while (copied < bytes.Length)
        {
            if (window.Count == 0 && !window.Fill())
            {
                throw window.Damaged(window.Position, "truncated: the file ends inside the IOHeader");
            }
            var step = Math.Min(window.Count, bytes.Length - copied);
            window.Span[..step].CopyTo(bytes.AsSpan(copied));
            window.Advance(step);
            copied += step;
        }
        var bodyAt = at + 4;
        if (!FlatBufferTable.TryRoot(bytes, out var table) ||
            !table.TryInt32(0, 0, out var compression) ||
            !table.TryInt64(1, -1, out var dataPosition) ||
            !table.TryVector(2, 1, out var descriptionBytes, out _))
        {
            throw window.Damaged(bodyAt, "the IOHeader is not a valid FlatBuffer");
        }
        if (compression is < 0 or > (int)Aedat4Compression.ZstdHigh)
        {
            throw window.Damaged(bodyAt, $"unknown packet compression {compression} in the IOHeader");
        }
        if (dataPosition < -1 || dataPosition >= 0 && dataPosition < window.Position)
        {
            throw window.Damaged(bodyAt, $"file data table position {dataPosition} lies inside the header");
        }
        var description = Encoding.UTF8.GetString(descriptionBytes);
        var streams = ParseStreams(description, window, bodyAt);
        return new Aedat4Header((Aedat4Compression)compression, dataPosition, description, streams, window.Position - start);
    }

    private static List<Aedat4StreamInfo> ParseStreams(string description, ByteWindow window, long at)
    {
        XElement root;
        try
        {
            root = XElement.Parse(description);
        }
        catch (XmlException ex)
        {
            throw window.Damaged(at, $"the IOHeader description is not XML ({ex.Message.ReplaceLineEndings(" ")})");
        }
        var streams = new List<Aedat4StreamInfo>();
        var outInfo = Child(root, "outInfo");
        if (root.Name != "dv" || outInfo is null)
        {
            throw window.Damaged(at, "the IOHeader description has no <dv><node name=\"outInfo\"> element");
        }
        foreach (var node in outInfo.Elements("node"))
        {
            if (!int.TryParse((string?)node.Attribute("name"), NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                throw window.Damaged(at, "a stream node in the description has no numeric name (stream id)");
            }
            var type = Attr(node, "typeIdentifier");
            if (type is null)
            {
                throw window.Damaged(at, $"stream {id} in the description has no typeIdentifier");
            }
            var info = Child(node, "info");
            SensorGeometry? geometry = null;
            if (info is not null &&
                int.TryParse(Attr(info, "sizeX"), NumberStyles.None, CultureInfo.InvariantCulture, out var w) && w > 0 &&
                int.TryParse(Attr(info, "sizeY"), NumberStyles.None, CultureInfo.InvariantCulture, out var h) && h > 0)
            {
                geometry = new SensorGeometry(w, h);
            }
            streams.Add(new Aedat4StreamInfo(id, type, Attr(node, "originalOutputName"), info is null ? null : Attr(info, "source"), geometry));
        }
        return streams;
    }

    private static XElement? Child(XElement parent, string name)
    {
        foreach (var node in parent.Elements("node"))
        {
            if ((string?)node.Attribute("name") == name)
            {
                return node;
            }
        }
        return null;
    }

    private static string? Attr(XElement node, string key)
    {
        foreach (var attr in node.Elements("attr"))
        {
            if ((string?)attr.Attribute("key") == key)
            {
                return attr.Value.Trim();
            }
        }
        return null;
    }
}
