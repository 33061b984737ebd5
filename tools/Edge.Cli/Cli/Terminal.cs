using Spectre.Console;

namespace Edge.Cli.Cli;

/// <summary>
/// Human output. Tables and summaries go to stdout when --json is off; progress, logs and
/// warnings always go to stderr so that stdout stays machine-readable.
/// </summary>
internal static class Terminal
{
    private static readonly Lazy<IAnsiConsole> ErrConsole = new(() => AnsiConsole.Create(new AnsiConsoleSettings
    {
        Out = new AnsiConsoleOutput(Console.Error),
        Ansi = Console.IsErrorRedirected ? AnsiSupport.No : AnsiSupport.Detect,
        ColorSystem = Console.IsErrorRedirected ? ColorSystemSupport.NoColors : ColorSystemSupport.Detect,
        Interactive = Console.IsErrorRedirected ? InteractionSupport.No : InteractionSupport.Detect,
    }));

    private static readonly Lazy<IAnsiConsole> OutConsole = new(() => AnsiConsole.Create(new AnsiConsoleSettings
    {
        Out = new AnsiConsoleOutput(Console.Out),
        Ansi = Console.IsOutputRedirected ? AnsiSupport.No : AnsiSupport.Detect,
        ColorSystem = Console.IsOutputRedirected ? ColorSystemSupport.NoColors : ColorSystemSupport.Detect,
        Interactive = InteractionSupport.No,
    }));

    /// <summary>The stderr console (progress, warnings).</summary>
    public static IAnsiConsole Err => ErrConsole.Value;

    /// <summary>The stdout console for human-readable results (never used with --json).</summary>
    public static IAnsiConsole Out => OutConsole.Value;

    /// <summary>True when stderr is a terminal that can show a live progress bar.</summary>
    public static bool CanAnimate => !Console.IsErrorRedirected;
}
