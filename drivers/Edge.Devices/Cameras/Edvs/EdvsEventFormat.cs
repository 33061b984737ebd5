namespace Edge.Devices.Cameras.Edvs;

/// <summary>
/// Binary event formats of the eDVS4337 / mini-eDVS, chosen with the <c>!Ex</c> command. Every
/// format starts with <c>1yyyyyyy pxxxxxxx</c> and appends an absolute big-endian timestamp.
/// </summary>
public enum EdvsEventFormat
{
    /// <summary><c>!E2</c>: 4 bytes, 16-bit timestamp (wraps every 65.5 ms).</summary>
    E2 = 2,

    /// <summary><c>!E3</c>: 5 bytes, 24-bit timestamp (wraps every 16.8 s).</summary>
    E3 = 3,

    /// <summary><c>!E4</c>: 6 bytes, 32-bit timestamp (wraps every 71.6 min).</summary>
    E4 = 4,
}

/// <summary>Sizes of the <see cref="EdvsEventFormat"/> values.</summary>
public static class EdvsEventFormats
{
    /// <summary>Bytes per event: 2 address bytes plus the timestamp.</summary>
    public static int EventSize(this EdvsEventFormat format) => 2 + TimestampBytes(format);

    /// <summary>Bytes of the big-endian timestamp (2, 3 or 4).</summary>
    public static int TimestampBytes(this EdvsEventFormat format) => format switch
    {
        EdvsEventFormat.E2 => 2,
        EdvsEventFormat.E3 => 3,
        EdvsEventFormat.E4 => 4,
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "eDVS event format must be E2, E3 or E4"),
    };

    /// <summary>Parses "E2", "e3", "4" …; false for anything else.</summary>
    public static bool TryParse(string? text, out EdvsEventFormat format)
    {
        var digits = text is { Length: > 0 } && (text[0] == 'E' || text[0] == 'e') ? text[1..] : text;
        format = digits switch
        {
            "2" => EdvsEventFormat.E2,
            "3" => EdvsEventFormat.E3,
            "4" => EdvsEventFormat.E4,
            _ => 0,
        };
        return format != 0;
    }
}
