using System.Text.Json;

namespace Edge.Runtime.Specs;

/// <summary>The plain words of a JSON syntax error, for one-line messages that give the place themselves.</summary>
internal static class JsonSyntax
{
    /// <summary>
    /// The first sentence of <paramref name="error"/>'s message: System.Text.Json appends advice and
    /// "LineNumber: 0 | BytePositionInLine: 44." after it, which the callers say in their own words.
    /// </summary>
    public static string Problem(JsonException error)
    {
        var message = error.Message;
        var i = message.IndexOf(". ", StringComparison.Ordinal);
        return (i > 0 ? message[..i] : message.TrimEnd('.')).ReplaceLineEndings(" ");
    }
}
