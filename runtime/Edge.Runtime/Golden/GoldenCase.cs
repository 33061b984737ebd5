using System.Globalization;
using System.Text.Json;
using Edge.Runtime.Specs;

namespace Edge.Runtime.Golden;

/// <summary>A tensor of a golden case: PyTorch shape and row-major float32 data.</summary>
/// <param name="Shape">Dimensions.</param>
/// <param name="Data">Values in row-major (C) order.</param>
public sealed record GoldenTensor(int[] Shape, float[] Data)
{
    /// <summary>Slice of the leading dimension: element <paramref name="i"/> of dimension 0.</summary>
    public ReadOnlySpan<float> At(int i)
    {
        var size = Data.Length / Shape[0];
        return Data.AsSpan(i * size, size);
    }
}

/// <summary>
/// One reference case of format <c>edge-golden/1</c> (../shared/golden/README.md): inputs,
/// expected outputs and tolerance, computed with the official PyTorch code.
/// </summary>
public sealed class GoldenCase : IDisposable
{
    private readonly JsonDocument _document;

    private GoldenCase(JsonDocument document, string file)
    {
        _document = document;
        File = file;
        var root = new JsonFields(document.RootElement, "$");
        var format = root.String("format");
        if (format != "edge-golden/1")
        {
            throw new SpecException("$.format", $"unsupported golden format '{format}' (expected edge-golden/1)");
        }
        Name = root.String("name");
        Kind = root.String("kind");
        Config = root.Object("config").Element;
        Inputs = ReadTensors(root.Object("inputs"));
        Expected = ReadTensors(root.Object("expected"));
        var tol = root.Object("tolerance");
        AbsoluteTolerance = tol.Float("abs");
        RelativeTolerance = tol.Float("rel");
    }

    /// <summary>The file the case came from.</summary>
    public string File { get; }

    /// <summary>Case name.</summary>
    public string Name { get; }

    /// <summary>Kind (stllr-linear, stllr-conv2d, stllr-linear-rec, stllr-readout, weight-standardization, stllr-network, bpsta-node).</summary>
    public string Kind { get; }

    /// <summary>The config object.</summary>
    public JsonElement Config { get; }

    /// <summary>Inputs by name.</summary>
    public IReadOnlyDictionary<string, GoldenTensor> Inputs { get; }

    /// <summary>Expected outputs by name.</summary>
    public IReadOnlyDictionary<string, GoldenTensor> Expected { get; }

    /// <summary>Absolute tolerance.</summary>
    public float AbsoluteTolerance { get; }

    /// <summary>Relative tolerance.</summary>
    public float RelativeTolerance { get; }

    /// <summary>Config fields with JSON-path errors.</summary>
    internal JsonFields ConfigFields => new(Config, "$.config");

    /// <summary>An input that must exist.</summary>
    public GoldenTensor Input(string name) =>
        Inputs.TryGetValue(name, out var t) ? t : throw new SpecException($"$.inputs.{name}", "required tensor is missing", File);

    /// <summary>Reads a case file; errors name the file and JSON path.</summary>
    public static GoldenCase Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        JsonDocument doc;
        try
        {
            using var stream = System.IO.File.OpenRead(path);
            doc = JsonDocument.Parse(stream);
        }
        catch (JsonException ex)
        {
            throw new SpecException("$", string.Create(CultureInfo.InvariantCulture, $"invalid JSON at line {(ex.LineNumber ?? 0) + 1}, byte {(ex.BytePositionInLine ?? 0) + 1} of the line: {JsonSyntax.Problem(ex)}"), path);
        }
        try
        {
            return new GoldenCase(doc, path);
        }
        catch (SpecException ex)
        {
            doc.Dispose();
            throw ex.InFile(path);
        }
        catch (Exception ex) when (ex is InvalidOperationException or KeyNotFoundException or FormatException)
        {
            doc.Dispose();
            throw new SpecException("$", ex.Message, path);
        }
    }

    private static Dictionary<string, GoldenTensor> ReadTensors(JsonFields fields)
    {
        var result = new Dictionary<string, GoldenTensor>(StringComparer.Ordinal);
        foreach (var property in fields.Element.EnumerateObject())
        {
            var t = new JsonFields(property.Value, fields.At(property.Name));
            var shapeJson = t.Array("shape");
            var shape = new int[shapeJson.GetArrayLength()];
            var i = 0;
            var count = 1;
            foreach (var d in shapeJson.EnumerateArray())
            {
                shape[i++] = d.GetInt32();
                count *= shape[i - 1];
            }
            var dataJson = t.Array("data");
            if (dataJson.GetArrayLength() != count)
            {
                throw new SpecException(t.At("data"), string.Create(CultureInfo.InvariantCulture, $"has {dataJson.GetArrayLength()} values, shape needs {count}"));
            }
            var data = new float[count];
            i = 0;
            foreach (var v in dataJson.EnumerateArray())
            {
                data[i++] = (float)v.GetDouble();
            }
            result[property.Name] = new GoldenTensor(shape, data);
        }
        return result;
    }

    /// <inheritdoc />
    public void Dispose() => _document.Dispose();
}
