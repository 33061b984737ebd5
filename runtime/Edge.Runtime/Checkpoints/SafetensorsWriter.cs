using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace Edge.Runtime.Checkpoints;

/// <summary>
/// Writes float32 tensors as a safetensors file: the 8-byte little-endian header length, the JSON
/// header (<c>__metadata__</c> first, then the tensors by name, padded with spaces to a multiple of
/// 8 bytes so the data is aligned) and the data buffer in the same order. The writer keeps
/// references to the values it is given; nothing is copied until <see cref="WriteTo"/>.
/// </summary>
public sealed class SafetensorsWriter
{
    private readonly SortedDictionary<string, (int[] Shape, ReadOnlyMemory<float> Values)> _tensors = new(StringComparer.Ordinal);

    /// <summary>The <c>__metadata__</c> strings written into the header.</summary>
    public IDictionary<string, string> Metadata { get; } = new SortedDictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Tensors added so far.</summary>
    public int Count => _tensors.Count;

    /// <summary>The tensors added so far, by name (the order of the file).</summary>
    internal IEnumerable<(string Name, ReadOnlyMemory<float> Values)> Entries
    {
        get
        {
            foreach (var (name, (_, values)) in _tensors)
            {
                yield return (name, values);
            }
        }
    }

    /// <summary>Adds a tensor of <paramref name="shape"/> (row-major values, outermost dimension first).</summary>
    public void Add(string name, IReadOnlyList<int> shape, ReadOnlyMemory<float> values)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(shape);
        if (name == "__metadata__")
        {
            throw new ArgumentException("'__metadata__' is reserved for the metadata", nameof(name));
        }
        long count = 1;
        foreach (var d in shape)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(d, nameof(shape));
            count *= d;
        }
        if (count != values.Length)
        {
            throw new ArgumentException($"{name}: shape {SafetensorsEntry.FormatShape(shape)} holds {count} values, got {values.Length}", nameof(values));
        }
        if (!_tensors.TryAdd(name, ([.. shape], values)))
        {
            throw new ArgumentException($"tensor '{name}' was already added", nameof(name));
        }
    }

    /// <summary>Writes the file to <paramref name="stream"/>.</summary>
    public void WriteTo(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var header = Header();
        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)header.Length);
        stream.Write(length);
        stream.Write(header);
        foreach (var (_, (_, values)) in _tensors)
        {
            WriteValues(stream, values.Span);
        }
    }

    /// <summary>Writes the file to <paramref name="path"/> (replacing it; not atomic — see <see cref="CheckpointStore"/>).</summary>
    public void WriteFile(string path)
    {
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        WriteTo(stream);
    }

    private byte[] Header()
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            if (Metadata.Count > 0)
            {
                json.WriteStartObject("__metadata__");
                foreach (var (key, value) in Metadata)
                {
                    json.WriteString(key, value);
                }
                json.WriteEndObject();
            }
            long offset = 0;
            foreach (var (name, (shape, values)) in _tensors)
            {
                json.WriteStartObject(name);
                json.WriteString("dtype", "F32");
                json.WriteStartArray("shape");
                foreach (var d in shape)
                {
                    json.WriteNumberValue(d);
                }
                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(offset);
                offset += 4L * values.Length;
                json.WriteNumberValue(offset);
                json.WriteEndArray();
                json.WriteEndObject();
            }
            json.WriteEndObject();
        }
        var padded = (buffer.WrittenCount + 7) & ~7;
        var header = new byte[padded];
        buffer.WrittenSpan.CopyTo(header);
        header.AsSpan(buffer.WrittenCount).Fill((byte)' ');
        return header;
    }

    private static void WriteValues(Stream stream, ReadOnlySpan<float> values)
    {
        if (BitConverter.IsLittleEndian)
        {
            stream.Write(MemoryMarshal.AsBytes(values));
            return;
        }
        Span<byte> chunk = stackalloc byte[4096];
        for (var i = 0; i < values.Length; i += chunk.Length / 4)
        {
            var n = Math.Min(chunk.Length / 4, values.Length - i);
            for (var k = 0; k < n; k++)
            {
                BinaryPrimitives.WriteSingleLittleEndian(chunk.Slice(4 * k, 4), values[i + k]);
            }
            stream.Write(chunk[..(4 * n)]);
        }
    }
}
