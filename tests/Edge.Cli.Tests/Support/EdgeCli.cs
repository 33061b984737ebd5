using Edge.Cli.Cli;

namespace Edge.Cli.Tests.Support;

/// <summary>What a run of <c>edge</c> printed and returned.</summary>
internal sealed record CliResult(int ExitCode, string Stdout, string Stderr)
{
    public string[] StdoutLines => Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public string[] StderrLines => Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

/// <summary>
/// Runs the edge command in-process with stdout and stderr captured. Console redirection is
/// process-wide, so every test that uses it belongs to the non-parallel "cli" collection.
/// </summary>
internal static class EdgeCli
{
    private static readonly Lock Gate = new();

    public static CliResult Run(params string[] args)
    {
        lock (Gate)
        {
            var stdout = new StringWriter();
            var stderr = new StringWriter();
            var oldOut = Console.Out;
            var oldErr = Console.Error;
            Console.SetOut(stdout);
            Console.SetError(stderr);
            try
            {
                var code = EdgeCommand.Run(args);
                return new CliResult(code, stdout.ToString(), stderr.ToString());
            }
            finally
            {
                Console.SetOut(oldOut);
                Console.SetError(oldErr);
            }
        }
    }
}

[CollectionDefinition("cli", DisableParallelization = true)]
public sealed class SerialCliTests;
