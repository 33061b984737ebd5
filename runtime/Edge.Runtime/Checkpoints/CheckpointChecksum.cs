using System.Runtime.InteropServices;
using System.Text;

namespace Edge.Runtime.Checkpoints;

/// <summary>
/// The CRC-32C a checkpoint carries in its <c>crc32c</c> metadata: over the metadata (without the
/// checksum, as sorted <c>key=value</c> lines) and over every tensor's bytes, in name order.
/// </summary>
internal static class CheckpointChecksum
{
    /// <summary>The checksum of what <paramref name="writer"/> will write.</summary>
    public static uint Of(SafetensorsWriter writer)
    {
        var crc = Crc32C.Append(~0u, MetadataBytes(writer.Metadata));
        foreach (var (_, values) in writer.Entries)
        {
            crc = Crc32C.Append(crc, MemoryMarshal.AsBytes(values.Span));
        }
        return ~crc;
    }

    /// <summary>The checksum of the file as it is on disk.</summary>
    public static uint Of(SafetensorsFile file)
    {
        var crc = Crc32C.Append(~0u, MetadataBytes(file.Metadata));
        var byName = new List<SafetensorsEntry>(file.Tensors);
        byName.Sort(static (a, b) => string.CompareOrdinal(a.Name, b.Name));
        Span<byte> chunk = stackalloc byte[1 << 14];
        foreach (var entry in byName)
        {
            for (var at = entry.Begin; at < entry.End; at += chunk.Length)
            {
                var part = chunk[..(int)Math.Min(chunk.Length, entry.End - at)];
                file.ReadData(at, part);
                crc = Crc32C.Append(crc, part);
            }
        }
        return ~crc;
    }

    private static byte[] MetadataBytes(IEnumerable<KeyValuePair<string, string>> metadata)
    {
        var sorted = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (k, v) in metadata)
        {
            if (k != "crc32c")
            {
                sorted[k] = v;
            }
        }
        var text = new StringBuilder();
        foreach (var (k, v) in sorted)
        {
            text.Append(k).Append('=').Append(v).Append('\n');
        }
        return Encoding.UTF8.GetBytes(text.ToString());
    }
}
