using System.Text.RegularExpressions;

namespace Edge.Cli.Cli;

/// <summary>
/// The one line a failure prints, in plain words: what and where, without .NET type names or
/// parameter names (“(Parameter 'options')”), and a folder given where a file was expected is
/// called a folder, not “access denied”.
/// </summary>
internal static partial class ErrorMessages
{
    /// <summary>The message of <paramref name="ex"/>, made plain.</summary>
    public static string Describe(Exception ex) => ex switch
    {
        OperationCanceledException => "interrupted",
        FileNotFoundException f => $"file not found: {f.FileName ?? f.Message}",
        DirectoryNotFoundException d => NoSuchFolder().Replace(d.Message, "no such folder: $1").ReplaceLineEndings(" "),
        UnauthorizedAccessException u when AccessDenied().Match(u.Message) is { Success: true } m && Directory.Exists(m.Groups[1].Value)
            => $"'{m.Groups[1].Value}' is a directory: give a file",
        ArgumentException a => WithoutParameter(a.Message),
        _ => ex.Message.ReplaceLineEndings(" "),
    };

    /// <summary>
    /// System.CommandLine's “Cannot parse argument 'x' for option '--steps' as expected type
    /// 'System.Nullable`1[System.Int32]'” as “--steps: 'x' is not a whole number”.
    /// </summary>
    public static string PlainParseError(string message)
    {
        var m = CannotParse().Match(message);
        if (!m.Success)
        {
            return message;
        }
        var type = m.Groups[3].Value;
        var expected = type.Contains("Int", StringComparison.Ordinal) ? "a whole number"
            : type.Contains("Double", StringComparison.Ordinal) || type.Contains("Single", StringComparison.Ordinal) || type.Contains("Decimal", StringComparison.Ordinal) ? "a number"
            : type.Contains("Boolean", StringComparison.Ordinal) ? "true or false"
            : "a value it takes";
        return $"{m.Groups[2].Value}: '{m.Groups[1].Value}' is not {expected}";
    }

    private static string WithoutParameter(string message) => ParameterSuffix().Replace(message, "").ReplaceLineEndings(" ");

    [GeneratedRegex(@"^Cannot parse argument '(.*)' for option '(.*)' as expected type '(.*)'\.?$")]
    private static partial Regex CannotParse();

    [GeneratedRegex(@" ?\(Parameter '[^']*'\)")]
    private static partial Regex ParameterSuffix();

    [GeneratedRegex(@"^Access to the path '(.*)' is denied\.?$")]
    private static partial Regex AccessDenied();

    [GeneratedRegex(@"^Could not find a part of the path '(.*)'\.?$")]
    private static partial Regex NoSuchFolder();
}
