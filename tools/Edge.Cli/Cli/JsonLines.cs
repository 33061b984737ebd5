using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Edge.Cli.Cli;

/// <summary>
/// Writes JSON Lines to stdout: one object per line, invariant culture, no colour. Types are
/// serialized through source-generated metadata (trimming-safe).
/// </summary>
internal static class JsonLines
{
    private static readonly Lock Gate = new();

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
