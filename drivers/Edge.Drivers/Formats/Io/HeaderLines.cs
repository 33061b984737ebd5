using System.Text;

namespace Edge.Drivers.Formats.Io;

/// <summary>
/// Reads the text header lines that AEDAT ('#') and Prophesee ('%') files start with. A line
/// counts as header only if it starts with the marker, holds text (no control bytes other than
/// tab and CR) and ends with LF within <see cref="MaxLineBytes"/>: binary data that happens to
/// start with the marker byte is left alone.
/// </summary>
internal static class HeaderLines
{
    /// <summary>Longest header line accepted.</summary>
    public const int MaxLineBytes = 64 * 1024;

    /// <summary>Largest total header size accepted (jAER preference dumps reach a few hundred KB).</summary>
    public const long MaxHeaderBytes = 16L * 1024 * 1024;

    /// <summary>
    /// Reads the next header line (without marker stripping, without the line end); false, with
    /// nothing consumed, when the next bytes are not a header line.
    /// </summary>
    public static bool TryRead(ByteWindow window, byte marker, out string line)
    {
        line = "";
        if (!window.Ensure(1) || window.Span[0] != marker)
        {
            return false;
        }
        var limit = Math.Min(MaxLineBytes, window.Capacity);
        var scanned = 0;
        while (true)
        {
            var span = window.Span;
            var end = span[scanned..].IndexOf((byte)'\n');
            if (end >= 0)
            {
                end += scanned;
                if (!IsText(span[..end]))
                {
                    return false;
                }
                line = Decode(span[..end]);
                window.Advance(end + 1);
                return true;
            }
            scanned = span.Length;
            if (scanned >= limit)
            {
                return false;
            }
            if (!window.Ensure(scanned + 1))
            {
                // The stream ends inside this line: a header that is all there is.
                if (!IsText(window.Span))
                {
                    return false;
                }
                line = Decode(window.Span);
                window.Advance(window.Count);
                return true;
            }
        }
    }

    private static bool IsText(ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
        {
            if (b < 0x20 && b != (byte)'\t' && b != (byte)'\r')
            {
                return false;
            }
        }
        return true;
    }

    private static string Decode(ReadOnlySpan<byte> bytes)
    {
        if (!bytes.IsEmpty && bytes[^1] == (byte)'\r')
        {
            bytes = bytes[..^1];
        }
        return Encoding.UTF8.GetString(bytes);
    }
}
