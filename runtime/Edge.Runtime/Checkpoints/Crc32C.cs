using System.Numerics;
using System.Runtime.InteropServices;

namespace Edge.Runtime.Checkpoints;

/// <summary>
/// CRC-32C (Castagnoli) with the processor's instruction: what a checkpoint's <c>crc32c</c> carries
/// and what a fleet's weight sets are checked with.
/// </summary>
public static class Crc32C
{
    /// <summary>The checksum of <paramref name="bytes"/>.</summary>
    /// <param name="bytes">The bytes to check.</param>
    public static uint Of(ReadOnlySpan<byte> bytes) => ~Append(~0u, bytes);

    /// <summary>Continues a running (not yet inverted) checksum.</summary>
    /// <param name="crc">The running checksum (start with <c>~0u</c>; invert the end result).</param>
    /// <param name="bytes">The next bytes.</param>
    public static uint Append(uint crc, ReadOnlySpan<byte> bytes)
    {
        var words = MemoryMarshal.Cast<byte, ulong>(bytes);
        foreach (var w in words)
        {
            crc = BitOperations.Crc32C(crc, w);
        }
        foreach (var b in bytes[(words.Length * 8)..])
        {
            crc = BitOperations.Crc32C(crc, b);
        }
        return crc;
    }

    /// <summary>The checksum as eight lower-case hex digits.</summary>
    /// <param name="crc">A finished checksum.</param>
    public static string Hex(uint crc) => crc.ToString("x8", System.Globalization.CultureInfo.InvariantCulture);
}
