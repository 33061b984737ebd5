using System.Text;
using System.Text.Json;

namespace Edge.Host.Teaching;

/// <summary>The JSON line of a <see cref="CommandResult"/>: <c>{"kind":"command","command":"…","ok":true}</c>, with <c>"error"</c> when refused.</summary>
public static class CommandLines
{
    /// <summary>Writes <paramref name="result"/> as one JSON object (no line end).</summary>
    public static void Write(Utf8JsonWriter writer, CommandResult result)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(result);
        writer.WriteStartObject();
        writer.WriteString("kind", "command");
        writer.WriteString("command", result.Command);
        writer.WriteBoolean("ok", result.Ok);
        if (result.Error is not null)
        {
            writer.WriteString("error", result.Error);
        }
        writer.WriteString("origin", result.Origin);
        writer.WriteEndObject();
    }

    /// <summary><paramref name="result"/> as one JSON line (with its line end).</summary>
    public static string Format(CommandResult result)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(writer, result);
        }
        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }
}
