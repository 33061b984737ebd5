using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace Edge.Cli.Cli;

/// <summary>Logging for the verbs: Microsoft.Extensions.Logging, one line per entry, on stderr.</summary>
internal static class Logs
{
    /// <summary>Creates a logger factory; --verbose lowers the level to Debug.</summary>
    public static ILoggerFactory Create(bool verbose) => LoggerFactory.Create(builder =>
    {
        builder.SetMinimumLevel(verbose ? LogLevel.Debug : LogLevel.Information);
        builder.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss ";
            o.UseUtcTimestamp = false;
            o.ColorBehavior = Console.IsErrorRedirected ? LoggerColorBehavior.Disabled : LoggerColorBehavior.Default;
        });
        builder.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
    });
}
