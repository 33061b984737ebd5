namespace Edge.Runtime.Specs;

/// <summary>
/// An invalid network spec, config or checkpoint. The message names the file (when known), the
/// JSON path of the bad field and what was expected, on one line.
/// </summary>
public sealed class SpecException : Exception
{
    /// <summary>Creates the exception for a JSON path.</summary>
    public SpecException(string path, string problem, string? file = null)
        : base((file is null ? $"{path}: {problem}" : $"{file}: {path}: {problem}").ReplaceLineEndings(" "))
    {
        JsonPath = path;
        Problem = problem;
        File = file;
    }

    /// <summary>Creates the exception from a message.</summary>
    public SpecException(string message) : base(message)
    {
        JsonPath = "$";
        Problem = message;
    }

    /// <summary>Creates the exception from a message and a cause.</summary>
    public SpecException(string message, Exception innerException) : base(message, innerException)
    {
        JsonPath = "$";
        Problem = message;
    }

    /// <summary>Creates the exception without details (prefer a located form).</summary>
    public SpecException() : this("$", "invalid spec") { }

    /// <summary>JSON path of the offending field, e.g. <c>$.layers[2].kernel</c>.</summary>
    public string JsonPath { get; }

    /// <summary>What is wrong.</summary>
    public string Problem { get; }

    /// <summary>The file, when the spec came from one.</summary>
    public string? File { get; }

    /// <summary>The same error, attributed to a file.</summary>
    public SpecException InFile(string file) => new(JsonPath, Problem, file);
}
