using System.Text.RegularExpressions;

namespace Edge.Cli.Settings;

/// <summary>
/// The configuration binder's “Failed to convert configuration value 'x' at 'board:oled:bus' to
/// type 'System.Int32'” in plain words: the key as it is written in the file (<c>board.oled.bus</c>),
/// the value, and what the key takes.
/// </summary>
internal static partial class ConfigurationValues
{
    /// <summary>The plain message, or null when <paramref name="message"/> is not a conversion failure.</summary>
    public static string? Plain(string message)
    {
        var m = ConversionFailure().Match(message);
        if (!m.Success)
        {
            return null;
        }
        var key = m.Groups[2].Value.Replace(':', '.');
        var type = m.Groups[3].Value;
        var expected = type switch
        {
            _ when type.Contains("Int32", StringComparison.Ordinal) => "a whole number from -2147483648 to 2147483647",
            _ when type.Contains("Int64", StringComparison.Ordinal) => "a whole number",
            _ when type.Contains("Single", StringComparison.Ordinal) || type.Contains("Double", StringComparison.Ordinal) => "a number",
            _ when type.Contains("Boolean", StringComparison.Ordinal) => "true or false",
            _ => "a value of the kind it takes",
        };
        return $"{key} '{m.Groups[1].Value}' is not {expected}";
    }

    [GeneratedRegex(@"Failed to convert configuration value '(.*)' at '([^']*)' to type '([^']*)'", RegexOptions.Singleline)]
    private static partial Regex ConversionFailure();
}
