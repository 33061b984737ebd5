using System.Text.Json.Serialization;
using Edge.Host.Fleet.Broker;
using Edge.Host.Fleet.Fleet;
using Edge.Host.Runs;

namespace Edge.Cli.Fleet;

/// <summary>One board of <c>edge fleet list</c> / <c>watch</c>: its status and last metrics.</summary>
internal sealed record BoardRow
{
    public string Kind { get; init; } = "board";

    public required string Board { get; init; }

    public required string Status { get; init; }

    public required string Network { get; init; }

    public ulong WeightSeed { get; init; }

    public string? Mode { get; init; }

    public string? Labels { get; init; }

    public long? Samples { get; init; }

    public double? Accuracy { get; init; }

    public double? AccuracyLast100 { get; init; }

    public double? AccuracyTruth { get; init; }

    public double? ElapsedS { get; init; }

    public long Unsent { get; init; }

    public required string Software { get; init; }

    public DateTimeOffset Time { get; init; }

    public static BoardRow Of(BoardStatus s) => new()
    {
        Board = s.Board,
        Status = s.Status,
        Network = s.Network,
        WeightSeed = s.WeightSeed,
        Mode = s.Mode,
        Labels = s.Labels,
        Samples = s.Metrics?.Samples,
        Accuracy = s.Metrics?.Accuracy,
        AccuracyLast100 = s.Metrics?.AccuracyLast100,
        AccuracyTruth = s.Metrics?.AccuracyTruth,
        ElapsedS = s.Metrics?.ElapsedS,
        Unsent = s.Unsent,
        Software = s.Software,
        Time = s.Time,
    };
}

/// <summary>A metrics message of a board (<c>edge fleet watch --json</c>).</summary>
internal sealed record MetricsRow(string Kind, string Board, RunMetricsRow Metrics);

/// <summary>The result of <c>edge fleet send</c>.</summary>
internal sealed record CommandRow(string Kind, string Board, string Command, bool Ok, string? Error);

/// <summary>One board of <c>edge fleet merge</c>.</summary>
internal sealed record MergeBoardRow(string Kind, string Board, string Outcome, double Weight, long Samples, string? Reason)
{
    public static MergeBoardRow Of(MergeRow r) => new("merge-board", r.Board, r.Outcome, r.Weight, r.Samples, r.Reason);
}

/// <summary>The summary of <c>edge fleet merge</c>.</summary>
internal sealed record MergeSummaryRow(string Kind, string? Set, int Merged, int Skipped, int Refused, string Weights, double Seconds);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(BoardRow))]
[JsonSerializable(typeof(MetricsRow))]
[JsonSerializable(typeof(CommandRow))]
[JsonSerializable(typeof(MergeBoardRow))]
[JsonSerializable(typeof(MergeSummaryRow))]
internal sealed partial class FleetJsonRows : JsonSerializerContext;
