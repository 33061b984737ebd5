using Microsoft.Extensions.Logging;

namespace Edge.Host.Fleet.Board;

/// <summary>What the fleet client of a board logs.</summary>
internal static partial class BoardLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "fleet: board {Board} reporting to {Broker}")]
    public static partial void Reporting(ILogger logger, string board, string broker);

    [LoggerMessage(Level = LogLevel.Information, Message = "fleet: connected to {Broker}")]
    public static partial void Connected(ILogger logger, string broker);

    [LoggerMessage(Level = LogLevel.Warning, Message = "fleet: {Problem}; learning goes on, reconnecting in the background")]
    public static partial void Unreachable(ILogger logger, string problem);

    [LoggerMessage(Level = LogLevel.Warning, Message = "fleet: lost the broker {Broker}; learning goes on, reconnecting in the background")]
    public static partial void Lost(ILogger logger, string broker);

    [LoggerMessage(Level = LogLevel.Warning, Message = "fleet: {Problem}")]
    public static partial void Problem(ILogger logger, string problem);

    [LoggerMessage(Level = LogLevel.Warning, Message = "fleet: {Problem}; this board keeps its own weights")]
    public static partial void WeightsRefused(ILogger logger, string problem);

    [LoggerMessage(Level = LogLevel.Information, Message = "fleet: took weight set {Set} from {From} ({Floats} values)")]
    public static partial void WeightsTaken(ILogger logger, string set, string from, long floats);

    [LoggerMessage(Level = LogLevel.Information, Message = "fleet: sent weight set {Set} ({Messages} messages)")]
    public static partial void WeightsSent(ILogger logger, string set, int messages);
}
