using System.Buffers.Binary;
using System.Text;
using Edge.Runtime.Checkpoints;

namespace Edge.Runtime.Tests.Checkpoints;

public sealed class SafetensorsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("edge-st-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Writer_produces_the_format_byte_for_byte()
    {
        var writer = new SafetensorsWriter();
        writer.Metadata["format"] = "pt";
        writer.Add("b", [2], new float[] { 1f, -2f });
        writer.Add("a", [], new float[] { 0.5f });
        var path = Path.Combine(_dir, "x.safetensors");
        writer.WriteFile(path);

        // Header keys: __metadata__, then tensors by name; data in the same order; header padded with spaces to 8 bytes.
        var json = "{\"__metadata__\":{\"format\":\"pt\"},\"a\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[0,4]}," +
                   "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}";
        var header = Encoding.UTF8.GetBytes(json.PadRight((json.Length + 7) / 8 * 8));
        var expected = new byte[8 + header.Length + 12];
        BinaryPrimitives.WriteUInt64LittleEndian(expected, (ulong)header.Length);
        header.CopyTo(expected, 8);
        BinaryPrimitives.WriteSingleLittleEndian(expected.AsSpan(8 + header.Length), 0.5f);
        BinaryPrimitives.WriteSingleLittleEndian(expected.AsSpan(12 + header.Length), 1f);
        BinaryPrimitives.WriteSingleLittleEndian(expected.AsSpan(16 + header.Length), -2f);
        Assert.Equal(expected, File.ReadAllBytes(path));
    }

    [Fact]
    public void Round_trip_keeps_names_shapes_values_and_metadata()
    {
        var writer = new SafetensorsWriter();
        var w = new float[2 * 3 * 3 * 3];
        for (var i = 0; i < w.Length; i++)
        {
            w[i] = (i * 0.37f) - 5f;
        }
        writer.Add("layers.0.weight", [2, 3, 3, 3], w);
        writer.Add("empty", [0, 4], Array.Empty<float>());
        writer.Metadata["k"] = "v é";
        var path = Path.Combine(_dir, "rt.safetensors");
        writer.WriteFile(path);

        using var file = SafetensorsFile.Open(path);
        Assert.Equal("v é", file.Metadata["k"]);
        var entry = file.Find("layers.0.weight")!;
        Assert.Equal([2, 3, 3, 3], entry.Shape);
        Assert.Equal(w, file.Read(entry));
        Assert.Equal(0, file.Find("empty")!.ElementCount);
        Assert.Null(file.Find("nope"));
        Assert.Equal(0, file.DataOffset % 8);
    }

    [Fact]
    public void F64_F16_and_BF16_tensors_are_read_as_float32()
    {
        var data = new byte[8 + 2 + 2];
        BinaryPrimitives.WriteDoubleLittleEndian(data, 1.25);
        BinaryPrimitives.WriteHalfLittleEndian(data.AsSpan(8), (Half)(-3.5f));
        BinaryPrimitives.WriteUInt16LittleEndian(data.AsSpan(10), (ushort)(BitConverter.SingleToInt32Bits(0.75f) >> 16));
        var path = Raw("""{"d":{"dtype":"F64","shape":[1],"data_offsets":[0,8]},"h":{"dtype":"F16","shape":[1],"data_offsets":[8,10]},"b":{"dtype":"BF16","shape":[1],"data_offsets":[10,12]}}""", data);
        using var file = SafetensorsFile.Open(path);
        Assert.Equal([1.25f], file.Read(file.Find("d")!));
        Assert.Equal([-3.5f], file.Read(file.Find("h")!));
        Assert.Equal([0.75f], file.Read(file.Find("b")!));
    }

    [Theory]
    [InlineData("""{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}""", 7, "truncated or trailing bytes")]
    [InlineData("""{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,4]}}""", 4, "needs 8 bytes")]
    [InlineData("""{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"b":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}""", 4, "overlap or leave a hole")]
    [InlineData("""{"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}""", 8, "overlap or leave a hole")]
    [InlineData("""{"a":{"dtype":"Q4","shape":[1],"data_offsets":[0,4]}}""", 4, "unknown dtype 'Q4'")]
    [InlineData("""{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}""", 8, "names 'a' twice")]
    [InlineData("""{"a":{"dtype":"F32","shape":[-1],"data_offsets":[0,4]}}""", 4, "not a non-negative integer")]
    [InlineData("""{"a":{"dtype":"F32","shape":[1]}}""", 4, "needs dtype")]
    [InlineData("""{"a":""", 4, "not valid JSON")]
    [InlineData("""[1,2]""", 0, "does not start with '{'")]
    [InlineData("""{"__metadata__":{"x":1}}""", 0, "__metadata__.x is not a string")]
    public void A_damaged_header_is_refused_with_one_line_naming_the_file(string header, int dataBytes, string problem)
    {
        var path = Raw(header, new byte[dataBytes]);
        var ex = Assert.Throws<CheckpointException>(() => SafetensorsFile.Open(path).Dispose());
        Assert.Contains(problem, ex.Message, StringComparison.Ordinal);
        Assert.StartsWith(path + ": ", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
        Assert.DoesNotContain("LineNumber", ex.Message, StringComparison.Ordinal); // System.Text.Json's own position text
    }

    [Fact]
    public void Short_and_absurd_files_are_not_safetensors()
    {
        var tiny = Path.Combine(_dir, "tiny");
        File.WriteAllBytes(tiny, [1, 2, 3]);
        Assert.Contains("too short", Assert.Throws<CheckpointException>(() => SafetensorsFile.Open(tiny).Dispose()).Message, StringComparison.Ordinal);

        var text = Path.Combine(_dir, "text");
        File.WriteAllText(text, "this is a text file, not tensors");
        Assert.Contains("not plausible", Assert.Throws<CheckpointException>(() => SafetensorsFile.Open(text).Dispose()).Message, StringComparison.Ordinal);

        var cut = Path.Combine(_dir, "cut");
        var bytes = new byte[16];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, 100);
        File.WriteAllBytes(cut, bytes);
        Assert.Contains("ends inside its 100-byte header", Assert.Throws<CheckpointException>(() => SafetensorsFile.Open(cut).Dispose()).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Integer_tensors_are_listed_but_not_read_as_floats()
    {
        var path = Raw("""{"i":{"dtype":"I64","shape":[1],"data_offsets":[0,8]}}""", new byte[8]);
        using var file = SafetensorsFile.Open(path);
        var ex = Assert.Throws<CheckpointException>(() => file.Read(file.Find("i")!));
        Assert.Contains("is I64", ex.Message, StringComparison.Ordinal);
    }

    private string Raw(string header, byte[] data)
    {
        var path = Path.Combine(_dir, Guid.NewGuid().ToString("N") + ".safetensors");
        var h = Encoding.UTF8.GetBytes(header);
        var bytes = new byte[8 + h.Length + data.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)h.Length);
        h.CopyTo(bytes, 8);
        data.CopyTo(bytes, 8 + h.Length);
        File.WriteAllBytes(path, bytes);
        return path;
    }
}
