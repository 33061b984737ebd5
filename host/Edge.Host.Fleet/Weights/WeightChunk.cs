using System.Buffers.Binary;

namespace Edge.Host.Fleet.Weights;

/// <summary>
/// The binary chunks of a weight set: a 24-byte header — <c>EDGW</c>, version 1, three zero bytes,
/// the set id (u64), the chunk index and the chunk count (u32), all little-endian — then the data
/// bytes (float32, little-endian, the tensors in manifest order, cut every <see cref="DataBytes"/>).
/// </summary>
internal static class WeightChunk
{
    /// <summary>Data bytes per chunk.</summary>
    public const int DataBytes = 64 * 1024;

    /// <summary>Header bytes.</summary>
    public const int HeaderBytes = 24;

    private const uint Magic = 0x57474445; // "EDGW" little-endian

    /// <summary>Chunks needed for <paramref name="bytes"/> data bytes.</summary>
    public static int CountFor(long bytes) => (int)Math.Max(1, (bytes + DataBytes - 1) / DataBytes);

    /// <summary>Writes chunk <paramref name="index"/> of <paramref name="data"/> into a new message payload.</summary>
    public static byte[] Encode(ulong set, int index, int count, ReadOnlySpan<byte> data)
    {
        var start = index * DataBytes;
        var part = data.Slice(start, Math.Min(DataBytes, data.Length - start));
        var payload = new byte[HeaderBytes + part.Length];
        BinaryPrimitives.WriteUInt32LittleEndian(payload, Magic);
        payload[4] = 1;
        BinaryPrimitives.WriteUInt64LittleEndian(payload.AsSpan(8), set);
        BinaryPrimitives.WriteUInt32LittleEndian(payload.AsSpan(16), (uint)index);
        BinaryPrimitives.WriteUInt32LittleEndian(payload.AsSpan(20), (uint)count);
        part.CopyTo(payload.AsSpan(HeaderBytes));
        return payload;
    }

    /// <summary>True when <paramref name="payload"/> starts like a chunk.</summary>
    public static bool IsChunk(ReadOnlySpan<byte> payload) =>
        payload.Length >= HeaderBytes && BinaryPrimitives.ReadUInt32LittleEndian(payload) == Magic;

    /// <summary>Reads a chunk's header; false when it is not a version-1 chunk.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> payload, out ulong set, out int index, out int count)
    {
        set = 0;
        index = count = 0;
        if (!IsChunk(payload) || payload[4] != 1)
        {
            return false;
        }
        set = BinaryPrimitives.ReadUInt64LittleEndian(payload[8..]);
        index = (int)BinaryPrimitives.ReadUInt32LittleEndian(payload[16..]);
        count = (int)BinaryPrimitives.ReadUInt32LittleEndian(payload[20..]);
        return true;
    }

    /// <summary>A set id as 16 hex digits.</summary>
    public static string IdText(ulong set) => set.ToString("x16", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Parses a set id; false when it is not 1–16 hex digits.</summary>
    public static bool TryParseId(string? text, out ulong set) =>
        ulong.TryParse(text, System.Globalization.NumberStyles.AllowHexSpecifier, System.Globalization.CultureInfo.InvariantCulture, out set) && text!.Length <= 16;

    /// <summary>A new random set id.</summary>
    public static ulong NewId() => BinaryPrimitives.ReadUInt64LittleEndian(Guid.NewGuid().ToByteArray());
}
