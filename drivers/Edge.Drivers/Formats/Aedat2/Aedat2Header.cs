using System.Globalization;
using Edge.Drivers.Formats.Io;
using Edge.Runtime.Events;

namespace Edge.Drivers.Formats.Aedat2;

/// <summary>How a jAER chip packs pixel addresses into AEDAT 1.0/2.0 address words.</summary>
public enum Aedat2AddressLayout
{
    /// <summary>DVS128 (Tmpdiff128): x in bits 1–7, y in 8–14, bit 0 = 0 for ON, bit 15 external.</summary>
    Dvs128,

    /// <summary>DAVIS: y in bits 22–30, x in 12–21, bit 11 = 1 for ON, bit 10 external, bit 31 APS/IMU.</summary>
    Davis,
}

/// <summary>The '#' header of a jAER AEDAT 1.0/2.0 file.</summary>
public sealed class Aedat2Header
{
    /// <summary>Edge's header line for rebased recordings; the reader adds the value to every timestamp.</summary>
    public const string TimeOffsetKey = "# edge_time_offset_us";

    private const string CreationTimeKey = "System.currentTimeMillis()";

    private readonly List<string> _lines = [];

    private Aedat2Header()
    {
    }

    /// <summary>The header lines, without line ends.</summary>
    public IReadOnlyList<string> Lines => _lines;

    /// <summary>File format version from the "#!AER-DAT" line ("2.0"; "1.0" when there is none).</summary>
    public string Version { get; private set; } = "1.0";

    /// <summary>Bytes per event: 8 for version 2.0 (int32 address), 6 for 1.0 (int16 address).</summary>
    public int EventSize => Version.StartsWith('1') ? 6 : 8;

    /// <summary>The jAER chip class from the "# AEChip:" line, or null.</summary>
    public string? ChipClass { get; private set; }

    /// <summary>Recording start from the "System.currentTimeMillis()" line, or null.</summary>
    public DateTimeOffset? CreationTime { get; private set; }

    /// <summary>Address layout implied by the chip (DAVIS unless the chip is a DVS128 or the file is 1.0).</summary>
    public Aedat2AddressLayout Layout { get; private set; }

    /// <summary>Pixel array of the chip, or null for a chip Edge does not know.</summary>
    public SensorGeometry? Geometry { get; private set; }

    /// <summary>Microseconds to add to decoded timestamps (Edge's rebased files), else 0.</summary>
    public long TimeOffsetUs { get; private set; }

    /// <summary>Bytes the header occupies.</summary>
    public long ByteLength { get; private set; }

    internal static Aedat2Header Read(ByteWindow window)
    {
        var header = new Aedat2Header();
        var start = window.Position;
        while (HeaderLines.TryRead(window, (byte)'#', out var line))
        {
            if (window.Position - start > HeaderLines.MaxHeaderBytes)
            {
                throw window.Damaged(start, $"the '#' header is longer than {HeaderLines.MaxHeaderBytes} bytes");
            }
            header._lines.Add(line);
            if (line.StartsWith("#!AER-DAT", StringComparison.Ordinal))
            {
                header.Version = line["#!AER-DAT".Length..].Trim();
                if (header.Version is not ("1.0" or "2.0"))
                {
                    throw window.Damaged(start, $"'{line}': this reader handles AEDAT 1.0 and 2.0");
                }
            }
            else if (line.StartsWith("# AEChip:", StringComparison.Ordinal))
            {
                header.ChipClass = line["# AEChip:".Length..].Trim();
            }
            else if (line.StartsWith(TimeOffsetKey, StringComparison.Ordinal))
            {
                if (!long.TryParse(line.AsSpan(TimeOffsetKey.Length).Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var offset))
                {
                    throw window.Damaged(window.Position, $"header line '{line}' does not hold an integer");
                }
                header.TimeOffsetUs = offset;
            }
            else if (line.Contains(CreationTimeKey, StringComparison.Ordinal))
            {
                var value = line.AsSpan(line.IndexOf(CreationTimeKey, StringComparison.Ordinal) + CreationTimeKey.Length).Trim();
                if (long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var ms))
                {
                    header.CreationTime = DateTimeOffset.FromUnixTimeMilliseconds(ms);
                }
            }
        }
        header.ByteLength = window.Position - start;
        var chip = header.ChipClass ?? "";
        header.Geometry = KnownSensors.FromInivationName(chip);
        header.Layout = header.EventSize == 6 || chip.Contains("DVS128", StringComparison.OrdinalIgnoreCase) ||
                        chip.Contains("Tmpdiff128", StringComparison.OrdinalIgnoreCase)
            ? Aedat2AddressLayout.Dvs128
            : Aedat2AddressLayout.Davis;
        if (header.Layout == Aedat2AddressLayout.Dvs128)
        {
            header.Geometry = new SensorGeometry(128, 128);
        }
        return header;
    }
}
