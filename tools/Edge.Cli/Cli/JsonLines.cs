using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Edge.Cli.Cli;

/// <summary>
/// Writes JSON Lines to stdout: one object per line, invariant culture, no colour. Types are
/// serialized through source-generated metadata (trimming-safe).
/// </summary>
internal static class JsonLines
{
    /// <summary>Held while a line goes out, so lines from other writers never interleave.</summary>
    internal static readonly Lock Gate = new();

    // Messages read better with quotes as they are; the output is never embedded in HTML.
    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// Writes <paramref name="value"/> as one line that starts with <c>"kind": <paramref name="kind"/></c>
    /// (for library types that do not carry their kind); keys in <paramref name="omitWhenNull"/> are left out when null.
    /// </summary>
    public static void Write<T>(string kind, T value, JsonTypeInfo<T> typeInfo, params ReadOnlySpan<string> omitWhenNull)
    {
        var fields = JsonSerializer.SerializeToNode(value, typeInfo)!.AsObject();
        var line = new System.Text.Json.Nodes.JsonObject { ["kind"] = kind };
        foreach (var (key, node) in fields.ToArray())
        {
            fields.Remove(key);
            if (node is null && omitWhenNull.Contains(key))
            {
                continue;
            }
            line[key] = node;
        }
        var text = line.ToJsonString(Relaxed);
        lock (Gate)
        {
            Console.Out.WriteLine(text);
            Console.Out.Flush();
        }
    }

    /// <summary>Writes one object as one line, by its runtime type's metadata in <paramref name="context"/>.</summary>
    public static void Write(object value, JsonSerializerContext context)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(context);
        var line = JsonSerializer.Serialize(value, context.GetTypeInfo(value.GetType())
            ?? throw new InvalidOperationException($"{value.GetType().Name} is not in {context.GetType().Name}"));
        lock (Gate)
        {
            Console.Out.WriteLine(line);
            Console.Out.Flush();
        }
    }

    /// <summary>Writes one object as one line.</summary>
    public static void Write<T>(T value, JsonTypeInfo<T> typeInfo)
    {
        var line = JsonSerializer.Serialize(value, typeInfo);
        lock (Gate)
        {
            Console.Out.WriteLine(line);
            Console.Out.Flush();
        }
    }
}
