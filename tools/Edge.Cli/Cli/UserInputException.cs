namespace Edge.Cli.Cli;

/// <summary>
/// Bad input from the user (an argument, a path, a combination of options). Ends the command with
/// exit code 2 and its message as the single error line.
/// </summary>
internal sealed class UserInputException : Exception
{
    public UserInputException(string message) : base(message) { }

    public UserInputException(string message, Exception inner) : base(message, inner) { }

    public UserInputException() { }
}
