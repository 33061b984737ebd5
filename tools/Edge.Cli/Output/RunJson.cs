using System.Text.Json.Serialization;
using Edge.Cli.Settings;
using Edge.Host.Runs;
using Edge.Host.Teaching;

namespace Edge.Cli.Output;

/// <summary>The fleet part of the effective configuration (never the password itself).</summary>
internal sealed record FleetConfigRow(string Broker, string BoardId, string? Username, string? Ca, bool Password);

/// <summary>The effective configuration (<c>edge run --print-config</c>).</summary>
internal sealed record ConfigRow
{
    public string Kind { get; init; } = "config";

    public required string Source { get; init; }

    public string? Network { get; init; }

    public required string Mode { get; init; }

    public string? Labels { get; init; }

    public string? Window { get; init; }

    public string? WindowRate { get; init; }

    public IReadOnlyList<string>? Classes { get; init; }

    public bool Realtime { get; init; }

    public string? Checkpoint { get; init; }

    public int CheckpointKeep { get; init; }

    public bool FreshIfDamaged { get; init; }

    public string? Weights { get; init; }

    public string? Duration { get; init; }

    public required string MetricsEvery { get; init; }

    public required string CheckpointEvery { get; init; }

    public int Seed { get; init; }

    public int? WeightSeed { get; init; }

    public FleetConfigRow? Fleet { get; init; }

    public float? LearningRate { get; init; }

    public int Ring { get; init; }

    public int Threads { get; init; }

    public BoardSettings? Board { get; init; }

    public string? Http { get; init; }

    /// <summary>"set" when a token is configured; the token itself is never printed.</summary>
    public string? HttpToken { get; init; }

    public string? ConfigFile { get; init; }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(RunStarted))]
[JsonSerializable(typeof(RunMetricsRow))]
[JsonSerializable(typeof(CommandResult))]
[JsonSerializable(typeof(RunSummary))]
[JsonSerializable(typeof(ConfigRow))]
internal sealed partial class RunJson : JsonSerializerContext;
