using System.CommandLine;
using Edge.Runtime;
using Edge.Runtime.Specs;
using Edge.Runtime.Events;

namespace Edge.Cli.Cli;

/// <summary>
/// Builds the root command from the verbs and runs it, turning every failure into one line on
/// stderr and an exit code from <see cref="ExitCodes"/>: never a stack trace unless --verbose.
/// </summary>
internal static class EdgeCommand
{
    public static int Run(string[] args)
    {
        var root = new RootCommand(
            "Edge: a spiking neural network runtime that learns on the device (S-TLLR), fed by event cameras, " +
            "event files or a simulated event sensor.\n\n" +
            "Start with:  edge demo          (online learning on the simulated sensor, no hardware needed)\n" +
            "             edge networks      (the built-in networks)\n" +
            "             edge <verb> --help (details of a verb)");
        root.Options.Add(CommonOptions.Verbose);
        foreach (var verb in Verbs.All())
        {
            root.Subcommands.Add(verb);
        }

        ParseResult parse;
        try
        {
            parse = root.Parse(args);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return Fail(ExitCodes.BadInput, ErrorMessages.PlainParseError(ex.Message.ReplaceLineEndings(" ")), ex, verbose: false);
        }

        if (parse.Errors.Count > 0)
        {
            // One line (conventions): the first error, and where to look for help.
            var message = ErrorMessages.PlainParseError(parse.Errors[0].Message.ReplaceLineEndings(" "));
            Console.Error.WriteLine($"edge: {message} (see 'edge {CommandPath(parse.CommandResult, root)}--help')");
            return ExitCodes.BadInput;
        }

        var verbose = parse.GetValue(CommonOptions.Verbose);
        try
        {
            return parse.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (OutOfMemoryException ex)
        {
            // The last net under the size checks: a clean line, not an abort.
            return Fail(ExitCodes.BadInput, "out of memory: what was asked for does not fit in this machine's memory (ask for less: smaller sizes, batches or rings)", ex, verbose);
        }
        catch (Exception ex)
        {
            return Fail(ExitCodeFor(ex), ErrorMessages.Describe(ex), ex, verbose);
        }
    }

    /// <summary>Maps a failure to its exit code.</summary>
    public static int ExitCodeFor(Exception ex) => ex switch
    {
        OperationCanceledException => ExitCodes.Interrupted,
        Host.Fleet.Broker.BrokerException broker => broker.Failure switch
        {
            Host.Fleet.Broker.BrokerFailure.Unreachable => ExitCodes.DeviceUnavailable,
            Host.Fleet.Broker.BrokerFailure.CredentialsRefused => ExitCodes.BadInput,
            _ => ExitCodes.CheckFailed,
        },
        DeviceUnavailableException => ExitCodes.DeviceUnavailable,
        UserInputException or SpecException or EventStreamException or FileNotFoundException
            or DirectoryNotFoundException or UnauthorizedAccessException or FormatException
            or InvalidDataException or ArgumentException or OverflowException => ExitCodes.BadInput,
        IOException => ExitCodes.BadInput,
        _ => ExitCodes.CheckFailed,
    };

    private static int Fail(int code, string message, Exception ex, bool verbose)
    {
        Console.Error.WriteLine($"edge: {message}");
        if (verbose)
        {
            Console.Error.WriteLine(ex.ToString());
        }
        return code;
    }

    /// <summary>The words between <c>edge</c> and <c>--help</c> for the command that was parsed ("datasets frames "), empty for the root.</summary>
    private static string CommandPath(System.CommandLine.Parsing.CommandResult result, RootCommand root)
    {
        var path = "";
        for (System.CommandLine.Parsing.SymbolResult? r = result; r is System.CommandLine.Parsing.CommandResult command && command.Command != root; r = r.Parent)
        {
            path = command.Command.Name + " " + path;
        }
        return path;
    }
}
