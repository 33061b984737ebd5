using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using Edge.Runtime.Specs;
using Microsoft.Win32.SafeHandles;

namespace Edge.Runtime.Checkpoints;

/// <summary>
/// Reads a safetensors file (huggingface/safetensors format): an 8-byte little-endian header
/// length N, N bytes of JSON naming every tensor's dtype, shape and byte range, then the data
/// buffer. The header is checked completely when the file is opened (one JSON object, no
/// duplicate names, known dtypes, byte ranges that match the shapes and cover the data buffer
/// without holes or overlaps, a file exactly as long as the header says), so that later reads
/// cannot run off the data. Tensors are read into float32 spans from F32, F64, F16 or BF16.
/// </summary>
public sealed class SafetensorsFile : IDisposable
{
    /// <summary>Largest header accepted (the format's own limit).</summary>
    public const int MaxHeaderBytes = 100_000_000;

    private const string MetadataKey = "__metadata__";
    private const long MaxElements = 1L << 40;
    private readonly SafeFileHandle _handle;
    private readonly Dictionary<string, SafetensorsEntry> _byName;

    private SafetensorsFile(string path, SafeFileHandle handle, long dataOffset, List<SafetensorsEntry> tensors,
        Dictionary<string, string> metadata)
    {
        Path = path;
        _handle = handle;
        DataOffset = dataOffset;
        Tensors = tensors;
        Metadata = metadata;
        _byName = new Dictionary<string, SafetensorsEntry>(tensors.Count, StringComparer.Ordinal);
        foreach (var t in tensors)
        {
            _byName[t.Name] = t;
        }
    }

    /// <summary>The file as it was opened.</summary>
    public string Path { get; }

    /// <summary>File offset of the data buffer (8 + header length).</summary>
    public long DataOffset { get; }

    /// <summary>Every tensor, in the order of their bytes in the data buffer.</summary>
    public IReadOnlyList<SafetensorsEntry> Tensors { get; }

    /// <summary>The header's <c>__metadata__</c> strings (empty when absent).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>Opens <paramref name="path"/> and validates its header.</summary>
    /// <exception cref="CheckpointException">Not a valid safetensors file (says where and what).</exception>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    public static SafetensorsFile Open(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        try
        {
            var (dataOffset, tensors, metadata) = ReadHeader(path, handle);
            return new SafetensorsFile(path, handle, dataOffset, tensors, metadata);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>The tensor called <paramref name="name"/>, or null.</summary>
    public SafetensorsEntry? Find(string name) => _byName.GetValueOrDefault(name);

    /// <summary>
    /// Reads <paramref name="entry"/> into <paramref name="destination"/> (exactly its element
    /// count) as float32, converting from F64, F16 or BF16.
    /// </summary>
    public void Read(SafetensorsEntry entry, Span<float> destination)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (destination.Length != entry.ElementCount)
        {
            throw new ArgumentException($"{entry.Name} has {entry.ElementCount} elements, the destination {destination.Length}", nameof(destination));
        }
        var offset = DataOffset + entry.Begin;
        switch (entry.DType)
        {
            case "F32":
                ReadExactly(MemoryMarshal.AsBytes(destination), offset);
                if (!BitConverter.IsLittleEndian)
                {
                    var bits = MemoryMarshal.Cast<float, int>(destination);
                    BinaryPrimitives.ReverseEndianness(bits, bits);
                }
                break;
            case "F64":
                Convert(destination, offset, 8, static b => (float)BinaryPrimitives.ReadDoubleLittleEndian(b));
                break;
            case "F16":
                Convert(destination, offset, 2, static b => (float)BinaryPrimitives.ReadHalfLittleEndian(b));
                break;
            case "BF16":
                Convert(destination, offset, 2, static b => BitConverter.Int32BitsToSingle(BinaryPrimitives.ReadUInt16LittleEndian(b) << 16));
                break;
            default:
                throw new CheckpointException(Path, offset, $"tensor '{entry.Name}' is {entry.DType}; only F32, F64, F16 and BF16 tensors can be read as float32");
        }
    }

    /// <summary>Reads <paramref name="entry"/> into a new float32 array.</summary>
    public float[] Read(SafetensorsEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var values = new float[entry.ElementCount];
        Read(entry, values);
        return values;
    }

    /// <summary>Reads raw bytes of the data buffer from <paramref name="dataPosition"/> (for checksums).</summary>
    internal void ReadData(long dataPosition, Span<byte> destination) => ReadExactly(destination, DataOffset + dataPosition);

    /// <inheritdoc />
    public void Dispose() => _handle.Dispose();

    private delegate float Decode(ReadOnlySpan<byte> bytes);

    private void Convert(Span<float> destination, long offset, int size, Decode decode)
    {
        Span<byte> chunk = stackalloc byte[4096];
        var perChunk = chunk.Length / size;
        for (var i = 0; i < destination.Length; i += perChunk)
        {
            var n = Math.Min(perChunk, destination.Length - i);
            var bytes = chunk[..(n * size)];
            ReadExactly(bytes, offset + ((long)i * size));
            for (var k = 0; k < n; k++)
            {
                destination[i + k] = decode(bytes.Slice(k * size, size));
            }
        }
    }

    private void ReadExactly(Span<byte> destination, long offset)
    {
        while (destination.Length > 0)
        {
            var n = RandomAccess.Read(_handle, destination, offset);
            if (n == 0)
            {
                throw new CheckpointException(Path, offset, "the file ends inside a tensor (truncated)");
            }
            destination = destination[n..];
            offset += n;
        }
    }

    private static (long DataOffset, List<SafetensorsEntry> Tensors, Dictionary<string, string> Metadata) ReadHeader(string path, SafeFileHandle handle)
    {
        var length = RandomAccess.GetLength(handle);
        Span<byte> prefix = stackalloc byte[8];
        if (length < 8 || RandomAccess.Read(handle, prefix, 0) < 8)
        {
            throw new CheckpointException(path, 0, $"{length} bytes is too short for a safetensors file (an 8-byte header length comes first)");
        }
        var headerLength = BinaryPrimitives.ReadUInt64LittleEndian(prefix);
        if (headerLength < 2 || headerLength > MaxHeaderBytes)
        {
            throw new CheckpointException(path, 0, string.Create(CultureInfo.InvariantCulture,
                $"header length {headerLength} is not plausible (2 … {MaxHeaderBytes} bytes): not a safetensors file"));
        }
        if ((ulong)length < 8 + headerLength)
        {
            throw new CheckpointException(path, length, string.Create(CultureInfo.InvariantCulture,
                $"the file ends inside its {headerLength}-byte header (truncated)"));
        }
        var header = new byte[headerLength];
        var read = 0;
        while (read < header.Length)
        {
            var n = RandomAccess.Read(handle, header.AsSpan(read), 8 + read);
            if (n == 0)
            {
                throw new CheckpointException(path, 8 + read, "the file ends inside its header (it shrank while being read)");
            }
            read += n;
        }
        if (header[0] != (byte)'{')
        {
            throw new CheckpointException(path, 8, "the header does not start with '{': not a safetensors file");
        }
        var dataOffset = 8 + (long)headerLength;
        var (tensors, metadata) = ParseHeader(path, header);
        tensors.Sort(static (a, b) => a.Begin.CompareTo(b.Begin));
        long expected = 0;
        foreach (var t in tensors)
        {
            if (t.Begin != expected)
            {
                throw new CheckpointException(path, dataOffset + Math.Min(t.Begin, expected), string.Create(CultureInfo.InvariantCulture,
                    $"tensor '{t.Name}' starts at data byte {t.Begin}, expected {expected}: the byte ranges overlap or leave a hole"));
            }
            expected = t.End;
        }
        if (dataOffset + expected != length)
        {
            throw new CheckpointException(path, Math.Min(length, dataOffset + expected), string.Create(CultureInfo.InvariantCulture,
                $"the header describes {expected} data bytes but the file holds {length - dataOffset} (truncated or trailing bytes)"));
        }
        return (dataOffset, tensors, metadata);
    }

    private static (List<SafetensorsEntry>, Dictionary<string, string>) ParseHeader(string path, byte[] header)
    {
        var tensors = new List<SafetensorsEntry>();
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        var names = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            using var doc = JsonDocument.Parse(header);
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new CheckpointException(path, 8, "the header is not a JSON object");
            }
            foreach (var property in doc.RootElement.EnumerateObject())
            {
                if (!names.Add(property.Name))
                {
                    throw new CheckpointException(path, 8, $"the header names '{property.Name}' twice");
                }
                if (property.Name == MetadataKey)
                {
                    ReadMetadata(path, property.Value, metadata);
                }
                else
                {
                    tensors.Add(ReadEntry(path, property.Name, property.Value));
                }
            }
        }
        catch (JsonException ex)
        {
            throw new CheckpointException(path, 8 + (ex.BytePositionInLine ?? 0), $"the header is not valid JSON: {JsonSyntax.Problem(ex)}");
        }
        catch (InvalidOperationException)
        {
            // System.Text.Json checks a string's UTF-8 only when it is read as text.
            throw new CheckpointException(path, 8, "the header holds a name or value that is not valid UTF-8 text");
        }
        return (tensors, metadata);
    }

    private static void ReadMetadata(string path, JsonElement value, Dictionary<string, string> metadata)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            throw new CheckpointException(path, 8, "__metadata__ is not an object of strings");
        }
        foreach (var item in value.EnumerateObject())
        {
            if (item.Value.ValueKind != JsonValueKind.String)
            {
                throw new CheckpointException(path, 8, $"__metadata__.{item.Name} is not a string");
            }
            metadata[item.Name] = item.Value.GetString()!;
        }
    }

    private static SafetensorsEntry ReadEntry(string path, string name, JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Object
            || !value.TryGetProperty("dtype", out var dtypeElement) || dtypeElement.ValueKind != JsonValueKind.String
            || !value.TryGetProperty("shape", out var shapeElement) || shapeElement.ValueKind != JsonValueKind.Array
            || !value.TryGetProperty("data_offsets", out var offsetsElement) || offsetsElement.ValueKind != JsonValueKind.Array
            || offsetsElement.GetArrayLength() != 2)
        {
            throw new CheckpointException(path, 8, $"tensor '{name}' needs dtype (string), shape (array) and data_offsets ([begin, end])");
        }
        var dtype = dtypeElement.GetString()!;
        var size = ElementSize(dtype);
        if (size == 0)
        {
            throw new CheckpointException(path, 8, $"tensor '{name}' has unknown dtype '{dtype}'");
        }
        var shape = new int[shapeElement.GetArrayLength()];
        long count = 1;
        var i = 0;
        foreach (var d in shapeElement.EnumerateArray())
        {
            if (d.ValueKind != JsonValueKind.Number || !d.TryGetInt32(out shape[i]) || shape[i] < 0)
            {
                throw new CheckpointException(path, 8, $"tensor '{name}' has a shape entry that is not a non-negative integer");
            }
            if (shape[i] != 0 && count > MaxElements / shape[i])
            {
                throw new CheckpointException(path, 8, $"tensor '{name}' has more than {MaxElements} elements");
            }
            count *= shape[i];
            i++;
        }
        var begin = OffsetValue(path, name, offsetsElement[0]);
        var end = OffsetValue(path, name, offsetsElement[1]);
        if (end < begin || end - begin != count * size)
        {
            throw new CheckpointException(path, 8, string.Create(CultureInfo.InvariantCulture,
                $"tensor '{name}' ({dtype} {SafetensorsEntry.FormatShape(shape)}) needs {count * size} bytes but data_offsets [{begin}, {end}] give {end - begin}"));
        }
        return new SafetensorsEntry(name, dtype, shape, begin, end);
    }

    private static long OffsetValue(string path, string name, JsonElement value) =>
        value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var v) && v >= 0
            ? v
            : throw new CheckpointException(path, 8, $"tensor '{name}' has a data offset that is not a non-negative integer");

    /// <summary>Bytes per element of a safetensors dtype; 0 for an unknown one.</summary>
    public static int ElementSize(string dtype) => dtype switch
    {
        "BOOL" or "U8" or "I8" or "F8_E5M2" or "F8_E4M3" => 1,
        "I16" or "U16" or "F16" or "BF16" => 2,
        "I32" or "U32" or "F32" => 4,
        "I64" or "U64" or "F64" => 8,
        _ => 0,
    };
}
