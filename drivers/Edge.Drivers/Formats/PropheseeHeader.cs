using System.Globalization;
using Edge.Drivers.Formats.Io;
using Edge.Runtime.Events;

namespace Edge.Drivers.Formats;

/// <summary>
/// The '%' text header of Prophesee RAW (EVT 2.0/3.0) and DAT files: which encoding, which sensor,
/// and Edge's own time offset line for rebased recordings.
/// </summary>
public sealed class PropheseeHeader
{
    /// <summary>Header key Edge writes when it rebased timestamps; readers add the value back.</summary>
    public const string TimeOffsetKey = "edge_time_offset_us";

    private readonly List<string> _lines = [];

    private PropheseeHeader()
    {
    }

    /// <summary>The header lines, without line ends.</summary>
    public IReadOnlyList<string> Lines => _lines;

    /// <summary>The encoding the header declares (EVT 2.0 or 3.0), or null.</summary>
    public EventFormat? Encoding { get; private set; }

    /// <summary>An encoding the header declares that Edge cannot decode (e.g. "EVT21"), or null.</summary>
    public string? UnsupportedEncoding { get; private set; }

    /// <summary>Sensor array from a format/geometry/width/height line or a known HAL plugin.</summary>
    public SensorGeometry? Geometry { get; private set; }

    /// <summary>Microseconds to add to decoded timestamps (Edge's rebased files), else 0.</summary>
    public long TimeOffsetUs { get; private set; }

    /// <summary>True when the lines look like a DAT file's ("Data file containing …", "Version").</summary>
    public bool LooksLikeDat { get; private set; }

    /// <summary>Bytes the header occupies.</summary>
    public long ByteLength { get; private set; }

    /// <summary>
    /// Reads '%' lines from the window's position: up to a "% end" line, else up to the first
    /// byte that does not start a text line.
    /// </summary>
    internal static PropheseeHeader Read(ByteWindow window)
    {
        var header = new PropheseeHeader();
        var start = window.Position;
        int? width = null;
        int? height = null;
        SensorGeometry? plugin = null;
        while (HeaderLines.TryRead(window, (byte)'%', out var line))
        {
            if (window.Position - start > HeaderLines.MaxHeaderBytes)
            {
                throw window.Damaged(start, $"the '%' header is longer than {HeaderLines.MaxHeaderBytes} bytes");
            }
            header._lines.Add(line);
            var body = line.AsSpan(1).Trim();
            if (body.Equals("end", StringComparison.OrdinalIgnoreCase))
            {
                break;
            }
            var space = body.IndexOfAny(' ', '\t');
            var key = space < 0 ? body : body[..space];
            var value = space < 0 ? [] : body[(space + 1)..].Trim();
            if (key.Equals("evt", StringComparison.OrdinalIgnoreCase))
            {
                header.SetEncoding(value.ToString().Replace(".", "", StringComparison.Ordinal));
            }
            else if (key.Equals("format", StringComparison.OrdinalIgnoreCase))
            {
                header.ParseFormat(value, ref width, ref height);
            }
            else if (key.Equals("geometry", StringComparison.OrdinalIgnoreCase))
            {
                var x = value.IndexOf('x');
                if (x > 0)
                {
                    width = ParseInt(value[..x]);
                    height = ParseInt(value[(x + 1)..]);
                }
            }
            else if (key.Equals("width", StringComparison.OrdinalIgnoreCase))
            {
                width = ParseInt(value);
            }
            else if (key.Equals("height", StringComparison.OrdinalIgnoreCase))
            {
                height = ParseInt(value);
            }
            else if (key.Equals("plugin_name", StringComparison.OrdinalIgnoreCase))
            {
                plugin = KnownSensors.FromPropheseePlugin(value.ToString());
            }
            else if (key.Equals(TimeOffsetKey, StringComparison.Ordinal))
            {
                if (!long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var offset))
                {
                    throw window.Damaged(window.Position, $"header line '{line}' does not hold an integer");
                }
                header.TimeOffsetUs = offset;
            }
            else if (key.Equals("Data", StringComparison.OrdinalIgnoreCase) || key.Equals("Version", StringComparison.OrdinalIgnoreCase))
            {
                header.LooksLikeDat = true;
            }
        }
        header.ByteLength = window.Position - start;
        header.Geometry = width is > 0 && height is > 0 ? new SensorGeometry(width.Value, height.Value) : plugin;
        return header;
    }

    private void ParseFormat(ReadOnlySpan<char> value, ref int? width, ref int? height)
    {
        // "EVT3;height=720;width=1280" (newer Metavision files).
        var first = true;
        foreach (var range in value.Split(';'))
        {
            var part = value[range].Trim();
            if (first)
            {
                SetEncoding(part.ToString());
                first = false;
                continue;
            }
            var eq = part.IndexOf('=');
            if (eq <= 0)
            {
                continue;
            }
            var name = part[..eq];
            if (name.Equals("width", StringComparison.OrdinalIgnoreCase))
            {
                width = ParseInt(part[(eq + 1)..]);
            }
            else if (name.Equals("height", StringComparison.OrdinalIgnoreCase))
            {
                height = ParseInt(part[(eq + 1)..]);
            }
        }
    }

    private void SetEncoding(string name)
    {
        var normalized = name.Trim().ToUpperInvariant();
        if (normalized is "20" or "EVT2" or "EVT20")
        {
            Encoding = EventFormat.Evt2;
        }
        else if (normalized is "30" or "EVT3" or "EVT30")
        {
            Encoding = EventFormat.Evt3;
        }
        else
        {
            UnsupportedEncoding = name.Trim();
        }
    }

    private static int? ParseInt(ReadOnlySpan<char> text) =>
        int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var v) && v > 0 ? v : null;
}
