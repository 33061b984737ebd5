using System.Diagnostics.CodeAnalysis;

namespace Edge.Drivers.Formats;

/// <summary>The event file formats Edge reads (and, for most, writes).</summary>
public enum EventFormat
{
    /// <summary>jAER AEDAT 1.0/2.0: big-endian address/timestamp pairs after a '#' header.</summary>
    Aedat2,

    /// <summary>libcaer AEDAT 3.1: typed event packets (polarity packets are decoded).</summary>
    Aedat3,

    /// <summary>iniVation DV AEDAT 4.0: FlatBuffers packets, optionally LZ4 or Zstd compressed.</summary>
    Aedat4,

    /// <summary>Prophesee EVT 2.0 raw: 32-bit words.</summary>
    Evt2,

    /// <summary>Prophesee EVT 3.0 raw: 16-bit vectorised words.</summary>
    Evt3,

    /// <summary>Prophesee DAT: 8-byte timestamp/address records (N-CARS, Gen1 automotive).</summary>
    Dat,

    /// <summary>N-MNIST / N-Caltech101 binary: 5-byte bit-packed events, no header.</summary>
    Nmnist,
}

/// <summary>Names of <see cref="EventFormat"/> values as the CLI and JSON spell them.</summary>
public static class EventFormatNames
{
    private static readonly string[] Names = ["aedat2", "aedat3", "aedat4", "evt2", "evt3", "dat", "nmnist"];

    /// <summary>Every format name, in enum order.</summary>
    public static IReadOnlyList<string> All => Names;

    /// <summary>The lower-case name of a format (e.g. "evt3").</summary>
    public static string ToName(this EventFormat format) => Names[(int)format];

    /// <summary>Parses a format name, case-insensitively.</summary>
    public static bool TryParse([NotNullWhen(true)] string? name, out EventFormat format)
    {
        for (var i = 0; i < Names.Length; i++)
        {
            if (string.Equals(Names[i], name, StringComparison.OrdinalIgnoreCase))
            {
                format = (EventFormat)i;
                return true;
            }
        }
        format = default;
        return false;
    }
}
