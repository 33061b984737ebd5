using System.Globalization;

namespace Edge.Drivers.Datasets;

/// <summary>
/// A dataset folder that cannot be used: a wrong layout, a missing split, a labels file with a bad
/// line. The message is one line naming the file or folder (and the line) and what was expected.
/// It derives from <see cref="IOException"/>, so the CLI reports it as bad input (exit 2).
/// Damaged event files inside a dataset throw the readers' own <c>EventStreamException</c>.
/// </summary>
public sealed class DatasetException : IOException
{
    /// <summary>A problem with a file or folder as a whole.</summary>
    public DatasetException(string path, string problem)
        : base($"{path}: {problem}")
    {
        PathName = path;
        Problem = problem;
    }

    /// <summary>A problem at a 1-based line of a text file.</summary>
    public DatasetException(string path, int line, string problem)
        : base(string.Create(CultureInfo.InvariantCulture, $"{path}: line {line}: {problem}"))
    {
        PathName = path;
        Line = line;
        Problem = problem;
    }

    /// <summary>Creates the exception without location (prefer the located forms).</summary>
    public DatasetException() : this("dataset", "unusable dataset") { }

    /// <summary>Creates the exception from a message.</summary>
    public DatasetException(string message) : this("dataset", message) { }

    /// <summary>Creates the exception from a message and a cause.</summary>
    public DatasetException(string message, Exception innerException) : base(message, innerException)
    {
        PathName = "dataset";
        Problem = message;
    }

    /// <summary>The file or folder.</summary>
    public string PathName { get; }

    /// <summary>The 1-based line of a text file, or 0.</summary>
    public int Line { get; }

    /// <summary>What is wrong.</summary>
    public string Problem { get; }
}
