namespace Edge.Host.Fleet.Broker;

/// <summary>The topics of the fleet (docs/fleet.md): everything of board B lives under <c>edge/B/</c>.</summary>
public static class FleetTopics
{
    /// <summary>The root of every topic.</summary>
    public const string Root = "edge";

    /// <summary>Retained status: online/offline, network, weight seed, classes, software, last metrics and command results.</summary>
    public static string Status(string board) => $"{Root}/{board}/status";

    /// <summary>One message per metrics interval.</summary>
    public static string Metrics(string board) => $"{Root}/{board}/metrics";

    /// <summary>Predictions, rate-limited.</summary>
    public static string Predictions(string board) => $"{Root}/{board}/predictions";

    /// <summary>Commands to the board (the teach command language, pull-weights, push-weights).</summary>
    public static string Command(string board) => $"{Root}/{board}/cmd";

    /// <summary>Weight sets from the board to the fleet.</summary>
    public static string WeightsOut(string board) => $"{Root}/{board}/weights/out";

    /// <summary>Weight sets from the fleet to the board.</summary>
    public static string WeightsIn(string board) => $"{Root}/{board}/weights/in";

    /// <summary>The status of every board (a subscription filter).</summary>
    public const string AllStatus = Root + "/+/status";

    /// <summary>The metrics of every board (a subscription filter).</summary>
    public const string AllMetrics = Root + "/+/metrics";

    /// <summary>The board a topic <c>edge/B/…</c> belongs to, or null.</summary>
    public static string? BoardOf(string topic)
    {
        ArgumentNullException.ThrowIfNull(topic);
        var parts = topic.Split('/');
        return parts.Length >= 3 && parts[0] == Root ? parts[1] : null;
    }

    /// <summary>
    /// Checks a board id: letters, digits, '-', '_' and '.', at most 64 characters (it is a topic
    /// level and a broker user name, so no '/', '+', '#' or spaces).
    /// </summary>
    /// <exception cref="UserInputException">The id is not usable.</exception>
    public static string CheckBoardId(string? id, string option = "--board-id")
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            throw new UserInputException($"{option}: give a board id (letters, digits, '-', '_', '.')");
        }
        if (id.Length > 64)
        {
            throw new UserInputException($"{option} '{id}': at most 64 characters");
        }
        foreach (var c in id)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
            {
                throw new UserInputException($"{option} '{id}': '{c}' is not allowed (letters, digits, '-', '_', '.'; it becomes a topic level)");
            }
        }
        return id;
    }
}
