using System.Globalization;
using System.Text.Json;

namespace Edge.Runtime.Specs;

/// <summary>
/// Typed access to the fields of a JSON object that reports errors by JSON path
/// (<c>$.layers[2].kernel: expected a positive integer</c>). Used by every spec and config reader.
/// </summary>
internal readonly struct JsonFields
{
    private readonly JsonElement _element;

    public JsonFields(JsonElement element, string path)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new SpecException(path, $"expected an object, found {Describe(element)}");
        }
        _element = element;
        Path = path;
    }

    /// <summary>The object itself.</summary>
    public JsonElement Element => _element;

    /// <summary>JSON path of this object.</summary>
    public string Path { get; }

    /// <summary>Path of a field of this object.</summary>
    public string At(string name) => Path + "." + name;

    /// <summary>True when the field is present and not null.</summary>
    public bool Has(string name) => _element.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null;

    /// <summary>The raw element of a field, or null.</summary>
    public JsonElement? Get(string name) => _element.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null ? v : null;

    /// <summary>Throws for any field not in <paramref name="known"/> (catches typos in specs).</summary>
    public void RejectUnknown(ReadOnlySpan<string> known)
    {
        foreach (var property in _element.EnumerateObject())
        {
            if (!known.Contains(property.Name))
            {
                throw new SpecException(At(property.Name), $"unknown field (expected one of: {string.Join(", ", known.ToArray())})");
            }
        }
    }

    public string String(string name)
    {
        var v = Required(name);
        return v.ValueKind == JsonValueKind.String ? v.GetString()! : throw Expected(name, "a string", v);
    }

    public string? OptionalString(string name)
    {
        var v = Get(name);
        if (v is null)
        {
            return null;
        }
        return v.Value.ValueKind == JsonValueKind.String ? v.Value.GetString() : throw Expected(name, "a string", v.Value);
    }

    public int Int(string name, int? fallback = null, int min = int.MinValue)
    {
        var v = Get(name);
        if (v is null)
        {
            return fallback ?? throw new SpecException(At(name), "required field is missing");
        }
        if (v.Value.ValueKind != JsonValueKind.Number || !v.Value.TryGetDouble(out var d) || d != Math.Floor(d) || d > int.MaxValue || d < int.MinValue)
        {
            throw Expected(name, "an integer", v.Value);
        }
        var i = (int)d;
        if (i < min)
        {
            throw new SpecException(At(name), string.Create(CultureInfo.InvariantCulture, $"must be ≥ {min}, got {i}"));
        }
        return i;
    }

    public float Float(string name, float? fallback = null)
    {
        var v = Get(name);
        if (v is null)
        {
            return fallback ?? throw new SpecException(At(name), "required field is missing");
        }
        if (v.Value.ValueKind != JsonValueKind.Number || !v.Value.TryGetDouble(out var d) || !double.IsFinite(d))
        {
            throw Expected(name, "a number", v.Value);
        }
        return (float)d;
    }

    public bool Bool(string name, bool fallback)
    {
        var v = Get(name);
        if (v is null)
        {
            return fallback;
        }
        return v.Value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw Expected(name, "true or false", v.Value),
        };
    }

    public JsonFields Object(string name) => new(Required(name), At(name));

    public JsonElement Array(string name)
    {
        var v = Required(name);
        return v.ValueKind == JsonValueKind.Array ? v : throw Expected(name, "an array", v);
    }

    public T Choice<T>(string name, T fallback, ReadOnlySpan<(string Name, T Value)> choices)
    {
        var s = OptionalString(name);
        if (s is null)
        {
            return fallback;
        }
        foreach (var (n, value) in choices)
        {
            if (string.Equals(n, s, StringComparison.OrdinalIgnoreCase))
            {
                return value;
            }
        }
        var names = new string[choices.Length];
        for (var i = 0; i < choices.Length; i++)
        {
            names[i] = choices[i].Name;
        }
        throw new SpecException(At(name), $"unknown value '{s}' (expected one of: {string.Join(", ", names)})");
    }

    private JsonElement Required(string name) =>
        _element.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null
            ? v
            : throw new SpecException(At(name), "required field is missing");

    private SpecException Expected(string name, string what, JsonElement found) =>
        new(At(name), $"expected {what}, found {Describe(found)}");

    public static string Describe(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.String => $"the string \"{e.GetString()}\"",
        JsonValueKind.Number => "the number " + e.GetRawText(),
        JsonValueKind.True or JsonValueKind.False => e.GetRawText(),
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        _ => "null",
    };
}
