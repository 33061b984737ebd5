using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Edge.Host.Runs;

namespace Edge.Host.Fleet.Broker;

// The JSON payloads of the fleet's topics (docs/fleet.md). Every one carries "v": the payload version;
// a reader refuses a version it does not know. Keys are snake_case.

/// <summary>The retained status of a board (<c>edge/B/status</c>).</summary>
public sealed record BoardStatus
{
    /// <summary>Payload version.</summary>
    public int V { get; init; } = FleetMessages.Version;

    /// <summary>The board id.</summary>
    public required string Board { get; init; }

    /// <summary><c>online</c> or <c>offline</c> (the last will says offline when the connection is lost).</summary>
    public required string Status { get; init; }

    /// <summary>The network's name.</summary>
    public required string Network { get; init; }

    /// <summary>CRC-32C (hex) of the network signature: equal signatures have equal layers, neurons and learning setup.</summary>
    public required string Signature { get; init; }

    /// <summary>The seed the network's initial weights came from.</summary>
    public ulong WeightSeed { get; init; }

    /// <summary>The classes, in output order.</summary>
    public required IReadOnlyList<string> Classes { get; init; }

    /// <summary>The software version of the board.</summary>
    public required string Software { get; init; }

    /// <summary>learn or infer.</summary>
    public string? Mode { get; init; }

    /// <summary>Where the board's labels come from (task, fleet, …).</summary>
    public string? Labels { get; init; }

    /// <summary>Windows learned (optimizer steps) over the learner's lifetime: unlike the metrics' samples, not those only predicted in infer mode.</summary>
    public long Learned { get; init; }

    /// <summary>The last metrics interval, or null before the first.</summary>
    public RunMetricsRow? Metrics { get; init; }

    /// <summary>What became of the last command taken from the fleet, or null.</summary>
    public CommandReply? LastCommand { get; init; }

    /// <summary>What became of the last weight set pushed to the board, or null.</summary>
    public WeightsReply? LastWeights { get; init; }

    /// <summary>Messages the board could not send so far.</summary>
    public long Unsent { get; init; }

    /// <summary>When this status was published (UTC).</summary>
    public DateTimeOffset Time { get; init; }
}

/// <summary>One metrics interval of a board (<c>edge/B/metrics</c>).</summary>
/// <param name="V">Payload version.</param>
/// <param name="Board">The board id.</param>
/// <param name="Metrics">The interval (the same keys as <c>edge run</c>'s metrics line).</param>
public sealed record MetricsMessage(int V, string Board, RunMetricsRow Metrics);

/// <summary>One predicted window (<c>edge/B/predictions</c>, rate-limited).</summary>
public sealed record PredictionMessage
{
    /// <summary>Payload version.</summary>
    public int V { get; init; } = FleetMessages.Version;

    /// <summary>The board id.</summary>
    public required string Board { get; init; }

    /// <summary>Window start in the stream, µs.</summary>
    public long TStartUs { get; init; }

    /// <summary>Window end, µs.</summary>
    public long TEndUs { get; init; }

    /// <summary>The predicted class.</summary>
    public required string Class { get; init; }

    /// <summary>Softmax confidence of the prediction.</summary>
    public float Confidence { get; init; }

    /// <summary>The taught label, or null.</summary>
    public string? Label { get; init; }

    /// <summary>The true class when the source knows it, or null.</summary>
    public string? Truth { get; init; }

    /// <summary>True when the window was learned.</summary>
    public bool Learned { get; init; }

    /// <summary>Windows predicted since the previous prediction message (the rate limit skipped the others).</summary>
    public long Windows { get; init; }
}

/// <summary>A command to a board (<c>edge/B/cmd</c>); a plain text line is taken as <see cref="Command"/> without an id.</summary>
/// <param name="V">Payload version.</param>
/// <param name="Id">Set by the sender; the board's status echoes it in <c>last_command</c>.</param>
/// <param name="Command">A teach command (label NAME, label -, mode learn|infer, lr X, save) or pull-weights / push-weights SET.</param>
public sealed record CommandMessage(int V, string? Id, string Command);

/// <summary>What became of a command.</summary>
/// <param name="Id">The command's id, or null.</param>
/// <param name="Command">The command as given.</param>
/// <param name="Ok">True when it was applied.</param>
/// <param name="Error">Why it was refused, or null.</param>
public sealed record CommandReply(string? Id, string Command, bool Ok, string? Error);

/// <summary>What became of a pushed weight set.</summary>
/// <param name="Set">The set's id.</param>
/// <param name="Ok">True when the board took the weights.</param>
/// <param name="Error">Why it kept its own, or null.</param>
public sealed record WeightsReply(string Set, bool Ok, string? Error);

/// <summary>Payload versions and the source-generated serializers.</summary>
public static class FleetMessages
{
    /// <summary>The payload version this software writes and reads.</summary>
    public const int Version = 1;

    /// <summary>
    /// Reads a payload of a board's cmd topic: a command message (JSON, <c>{</c> first) or a plain
    /// text line taken as the command. False, with the one line saying why, for a message that is not
    /// valid JSON or not of this version; <paramref name="text"/> is then what the reply names.
    /// </summary>
    /// <param name="payload">The message's bytes.</param>
    /// <param name="id">The command's id, or null.</param>
    /// <param name="text">The command (not yet trimmed).</param>
    /// <param name="error">Why the payload was refused, or null.</param>
    internal static bool TryReadCommand(ReadOnlySpan<byte> payload, out string? id, out string text, out string? error)
    {
        id = null;
        error = null;
        if (payload.Length == 0 || payload[0] != (byte)'{')
        {
            text = Encoding.UTF8.GetString(payload);
            return true;
        }
        CommandMessage? command;
        try
        {
            command = JsonSerializer.Deserialize(payload, FleetJson.Default.CommandMessage);
        }
        catch (JsonException ex)
        {
            text = Encoding.UTF8.GetString(payload);
            error = $"cmd: not a command message: {Problem(ex)}";
            return false;
        }
        id = command?.Id;
        text = command?.Command ?? "";
        if (command is null || command.V != Version)
        {
            error = $"cmd: payload version {command?.V} is not {Version}";
            return false;
        }
        return true;
    }

    /// <summary>
    /// Reads a board's retained status; null when it is not valid JSON, not of this version, or
    /// gives null for a value the fleet's tools show (board, status, network, signature, classes,
    /// software): such a board is left out.
    /// </summary>
    /// <param name="payload">The message's bytes.</param>
    internal static BoardStatus? ReadStatus(ReadOnlySpan<byte> payload)
    {
        BoardStatus? status;
        try
        {
            status = JsonSerializer.Deserialize(payload, FleetJson.Default.BoardStatus);
        }
        catch (JsonException)
        {
            return null;
        }
        return status is { V: Version, Board: not null, Status: not null, Network: not null, Signature: not null, Classes: not null, Software: not null }
            ? status
            : null;
    }

    /// <summary>
    /// One plain line for a payload the deserializer refused: where (JSON path, line and byte) and
    /// what, in words that name no .NET type (System.Text.Json's own messages name them).
    /// </summary>
    internal static string Problem(JsonException error)
    {
        var message = error.Message;
        var place = string.Create(CultureInfo.InvariantCulture,
            $"at {error.Path ?? "$"} (line {(error.LineNumber ?? 0) + 1}, byte {(error.BytePositionInLine ?? 0) + 1})");
        if (message.Contains("missing required properties", StringComparison.Ordinal))
        {
            var colon = message.LastIndexOf(':');
            return $"required keys missing: {message[(colon + 1)..].Trim().TrimEnd('.').ReplaceLineEndings(" ")}";
        }
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        var sentence = (end > 0 ? message[..end] : message.TrimEnd('.')).ReplaceLineEndings(" ");
        return sentence.Contains("System.", StringComparison.Ordinal) || sentence.Contains("Edge.", StringComparison.Ordinal)
            ? $"{place}: a value of the wrong type"
            : $"{place}: {sentence}";
    }
}

/// <summary>Source-generated JSON of the fleet's payloads (snake_case, trimming-safe).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(BoardStatus))]
[JsonSerializable(typeof(MetricsMessage))]
[JsonSerializable(typeof(PredictionMessage))]
[JsonSerializable(typeof(CommandMessage))]
[JsonSerializable(typeof(Weights.WeightManifest))]
public sealed partial class FleetJson : JsonSerializerContext;
