using System.Numerics;
using System.Runtime.InteropServices;

namespace Edge.Host.Fleet.Weights;

/// <summary>CRC-32C (Castagnoli) with the processor's instruction, as the checkpoints compute it.</summary>
internal static class Crc32C
{
    /// <summary>The checksum of <paramref name="bytes"/>.</summary>
    public static uint Of(ReadOnlySpan<byte> bytes) => ~Append(~0u, bytes);

    /// <summary>Continues a running (not yet inverted) checksum.</summary>
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
    public static string Hex(uint crc) => crc.ToString("x8", System.Globalization.CultureInfo.InvariantCulture);
}
