using System.Globalization;
using Edge.Drivers.Formats.Io;
using Edge.Runtime.Events;

namespace Edge.Drivers.Formats.Aedat3;

/// <summary>The '#' header of an AEDAT 3.x file.</summary>
public sealed class Aedat3Header
{
    /// <summary>The line that ends an AEDAT 3.1 header.</summary>
    public const string EndLine = "#!END-HEADER";

    /// <summary>Edge's own header line giving the pixel array when no known sensor name implies it.</summary>
    public const string GeometryKey = "#Edge-Geometry:";

    private readonly List<string> _lines = [];

    private Aedat3Header()
    {
    }

    /// <summary>The header lines, without line ends.</summary>
    public IReadOnlyList<string> Lines => _lines;

    /// <summary>Format version from the first line ("3.1").</summary>
    public string Version { get; private set; } = "";

    /// <summary>Name of the first source ("#Source 1: DVS128"), or null.</summary>
    public string? SourceName { get; private set; }

    /// <summary>Pixel array from the Edge geometry line or a known source name, or null.</summary>
    public SensorGeometry? Geometry { get; private set; }

    internal static Aedat3Header Read(ByteWindow window)
    {
        var header = new Aedat3Header();
        var start = window.Position;
        while (HeaderLines.TryRead(window, (byte)'#', out var line))
        {
            if (window.Position - start > HeaderLines.MaxHeaderBytes)
            {
                throw window.Damaged(start, $"the '#' header is longer than {HeaderLines.MaxHeaderBytes} bytes");
            }
            header._lines.Add(line);
            if (header._lines.Count == 1)
            {
                if (!line.StartsWith("#!AER-DAT3.", StringComparison.Ordinal))
                {
                    throw window.Damaged(start, "expected '#!AER-DAT3.1' as the first line");
                }
                header.Version = line["#!AER-DAT".Length..].Trim();
            }
            else if (line == EndLine)
            {
                return header;
            }
            else if (line.StartsWith("#Source ", StringComparison.Ordinal) && header.SourceName is null)
            {
                var colon = line.IndexOf(':', StringComparison.Ordinal);
                if (colon > 0)
                {
                    header.SourceName = line[(colon + 1)..].Trim();
                    header.Geometry ??= KnownSensors.FromInivationName(header.SourceName);
                }
            }
            else if (line.StartsWith(GeometryKey, StringComparison.Ordinal))
            {
                header.Geometry = ParseGeometry(line.AsSpan(GeometryKey.Length)) ?? header.Geometry;
            }
        }
        if (header._lines.Count == 0)
        {
            throw window.Damaged(start, "expected '#!AER-DAT3.1' as the first line");
        }
        if (header.Version != "3.0" && window.Count > 0)
        {
            // 3.1 requires the end marker; 3.0 headers simply stop at the first binary byte.
            throw window.Damaged(window.Position, $"expected the header end line '{EndLine}'");
        }
        return header;
    }

    private static SensorGeometry? ParseGeometry(ReadOnlySpan<char> text)
    {
        text = text.Trim();
        var x = text.IndexOf('x');
        return x > 0 &&
               int.TryParse(text[..x], NumberStyles.None, CultureInfo.InvariantCulture, out var w) && w > 0 &&
               int.TryParse(text[(x + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var h) && h > 0
            ? new SensorGeometry(w, h)
            : null;
    }
}
