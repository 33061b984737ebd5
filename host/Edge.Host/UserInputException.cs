namespace Edge.Host;

/// <summary>
/// Bad input from a user: a setting, a source URI, a labels file line, a teach command, a
/// combination of options. Its message is one line that says what and where; the CLI ends with
/// exit code 2 and prints it.
/// </summary>
public sealed class UserInputException : Exception
{
    /// <summary>Creates the exception with its one-line message (line breaks in quoted input become spaces).</summary>
    public UserInputException(string message) : base(message?.ReplaceLineEndings(" ")) { }

    /// <summary>Creates the exception with its one-line message and the error that caused it.</summary>
    public UserInputException(string message, Exception inner) : base(message?.ReplaceLineEndings(" "), inner) { }

    /// <summary>Creates the exception without a message.</summary>
    public UserInputException() { }
}
