namespace Edge.Drivers.Formats.Io;

/// <summary>
/// Tells a text file from event data before a headerless format is assumed: the first 4 KiB of a
/// recording always hold control bytes (the zero high bytes of small timestamps and coordinates),
/// those of a text file (a CSV, a log, a README under the wrong name) never do.
/// </summary>
internal static class TextProbe
{
    private const int ProbeBytes = 4096;

    /// <summary>True when the window's first bytes are printable UTF-8 text with tabs and line breaks only.</summary>
    public static bool LooksLikeText(ByteWindow window)
    {
        window.Ensure(Math.Min(ProbeBytes, window.Capacity));
        var bytes = window.Span[..Math.Min(window.Count, ProbeBytes)];
        foreach (var b in bytes)
        {
            if ((b < 0x20 && b is not ((byte)'\t' or (byte)'\n' or (byte)'\r')) || b == 0x7F)
            {
                return false;
            }
        }
        // A multi-byte character may be cut by the probe's end.
        for (var cut = 0; cut <= 3 && cut < bytes.Length; cut++)
        {
            if (System.Text.Unicode.Utf8.IsValid(bytes[..^cut]))
            {
                return true;
            }
        }
        return false;
    }
}
