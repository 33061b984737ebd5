using Edge.Host.Fleet.Broker;

namespace Edge.Host.Fleet.Board;

/// <summary>How a board reports to the fleet (<c>edge run --fleet URL</c>, or the <c>fleet</c> configuration section).</summary>
public sealed record FleetBoardOptions
{
    /// <summary>The broker and the board's login.</summary>
    public required BrokerLogin Login { get; init; }

    /// <summary>The board's id: its topics are <c>edge/ID/…</c>.</summary>
    public required string BoardId { get; init; }

    /// <summary>True with <c>--labels fleet</c>: the fleet may teach (<c>label NAME</c> over <c>edge/ID/cmd</c>).</summary>
    public bool TakesLabels { get; init; }

    /// <summary>At most one prediction message per this interval (default 0.5 s: 2 per second).</summary>
    public TimeSpan PredictionInterval { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Metrics kept while the broker is away; past it the oldest are dropped (and counted as unsent).</summary>
    public int MetricsQueue { get; init; } = 64;

    /// <summary>The longest wait between two connection attempts (the wait doubles from 0.5 s up to it).</summary>
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(8);

    /// <summary>A pushed weight set whose chunks stop arriving for this long is abandoned.</summary>
    public TimeSpan SetTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The board id when none is given: the host name, in the characters a topic level allows.</summary>
    public static string DefaultBoardId()
    {
        var name = Environment.MachineName.ToLowerInvariant();
        var id = new System.Text.StringBuilder(name.Length);
        foreach (var c in name)
        {
            id.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '-');
        }
        return id.Length == 0 ? "board" : id.ToString();
    }
}
