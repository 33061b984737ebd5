using System.Globalization;
using Edge.Runtime.Learning;
using Edge.Runtime.Specs;

namespace Edge.Runtime.Checkpoints;

/// <summary>What a checkpoint says about itself (its header metadata), readable before any network is built.</summary>
/// <param name="Network">Name of the network spec it was saved from.</param>
/// <param name="Seed">Seed the network was built with (fixed feedback matrices and dropout masks derive from it).</param>
/// <param name="Progress">The learner's counters when it was saved.</param>
/// <param name="OptimizerSteps">Optimizer steps taken (Adam's bias correction continues from it).</param>
/// <param name="LearningRate">Learning rate in use when it was saved.</param>
/// <param name="SavedAt">When it was saved (UTC).</param>
public sealed record CheckpointInfo(string Network, ulong Seed, LearningProgress Progress, long OptimizerSteps, float LearningRate, DateTimeOffset SavedAt)
{
    /// <summary>The format name written in the metadata.</summary>
    public const string Format = "edge-checkpoint/1";

    internal string Signature { get; init; } = "";

    /// <summary>The learning rule whose learner saved it (<c>stllr</c> for checkpoints that do not say).</summary>
    public string Rule { get; init; } = "stllr";

    /// <summary>The class names the network was learning, in output order (empty for checkpoints that do not say).</summary>
    public IReadOnlyList<string> Classes { get; init; } = [];

    /// <summary>
    /// The states of the random generators saved with it, by name (<c>dropout</c>: the network's
    /// dropout masks; a trainer adds its own), as <see cref="Rng.State"/> text; empty for checkpoints that do not say.
    /// </summary>
    public IReadOnlyDictionary<string, string> Generators { get; init; } = new Dictionary<string, string>();

    internal uint Crc { get; init; }

    /// <summary>
    /// True when a learner of <paramref name="spec"/> under this checkpoint's rule could restore it:
    /// the same input, classes, layers and learning settings (T, T_l and the learning rate may differ).
    /// </summary>
    public bool Fits(NetworkSpec spec) =>
        SpecSignature.FirstDifference(Signature, SpecSignature.Of(LearnerFactory.Prepare(spec, Rule))) is null;

    /// <summary>Equal when every field is, the class names compared name by name.</summary>
    public bool Equals(CheckpointInfo? other) =>
        other is not null && Network == other.Network && Seed == other.Seed && Progress == other.Progress && OptimizerSteps == other.OptimizerSteps
        && LearningRate.Equals(other.LearningRate) && SavedAt == other.SavedAt && Signature == other.Signature && Rule == other.Rule
        && Crc == other.Crc && Classes.SequenceEqual(other.Classes) && SameGenerators(other.Generators);

    private bool SameGenerators(IReadOnlyDictionary<string, string> other)
    {
        if (Generators.Count != other.Count)
        {
            return false;
        }
        foreach (var (name, state) in Generators)
        {
            if (!other.TryGetValue(name, out var o) || o != state)
            {
                return false;
            }
        }
        return true;
    }

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Network, Seed, Progress, OptimizerSteps, SavedAt, Rule, Crc);

    /// <summary>The metadata strings of this checkpoint (without the checksum).</summary>
    internal SortedDictionary<string, string> ToMetadata()
    {
        var inv = CultureInfo.InvariantCulture;
        var metadata = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["format"] = Format,
            ["network"] = Network,
            ["signature"] = Signature,
            ["rule"] = Rule,
            ["seed"] = Seed.ToString(inv),
            ["samples"] = Progress.Samples.ToString(inv),
            ["correct"] = Progress.Correct.ToString(inv),
            ["steps"] = Progress.Steps.ToString(inv),
            ["events"] = Progress.Events.ToString(inv),
            ["events_dropped"] = Progress.EventsDropped.ToString(inv),
            ["seconds"] = Progress.Seconds.ToString("R", inv),
            ["runs"] = Progress.Runs.ToString(inv),
            ["optimizer_steps"] = OptimizerSteps.ToString(inv),
            ["learning_rate"] = LearningRate.ToString("R", inv),
            ["saved_at"] = SavedAt.ToUniversalTime().ToString("O", inv),
            ["classes"] = System.Text.Json.JsonSerializer.Serialize(Classes, CheckpointJson.Default.IReadOnlyListString),
            ["layout"] = "layers.*, signal.* (S-TLLR) and <rule>.* (another rule's own) in PyTorch order; optimizer.<tensor>.m/.v flat in the runtime's internal order",
        };
        foreach (var (name, state) in Generators)
        {
            metadata[GeneratorPrefix + name] = state;
        }
        return metadata;
    }

    /// <summary>Metadata keys of the generators' states start with this.</summary>
    private const string GeneratorPrefix = "rng.";

    /// <summary>Parses the metadata of <paramref name="file"/>.</summary>
    internal static CheckpointInfo FromMetadata(string file, IReadOnlyDictionary<string, string> metadata)
    {
        var format = metadata.GetValueOrDefault("format");
        if (format != Format)
        {
            throw new CheckpointException(file, format is null
                ? $"not an edge checkpoint (no format in its metadata; expected {Format})"
                : $"format '{format}' is not {Format}");
        }
        string Text(string key) => metadata.GetValueOrDefault(key) ?? throw new CheckpointException(file, $"metadata '{key}' is missing");
        T Number<T>(string key) where T : IParsable<T> => T.TryParse(Text(key), CultureInfo.InvariantCulture, out var v)
            ? v
            : throw new CheckpointException(file, $"metadata '{key}' = '{Text(key)}' is not a number");
        if (!DateTimeOffset.TryParse(Text("saved_at"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var savedAt))
        {
            throw new CheckpointException(file, $"metadata 'saved_at' = '{Text("saved_at")}' is not a time");
        }
        return new CheckpointInfo(
            Text("network"),
            Number<ulong>("seed"),
            new LearningProgress(Number<long>("samples"), Number<long>("correct"), Number<long>("steps"), Number<long>("events"),
                Number<long>("events_dropped"), Number<double>("seconds"), Number<int>("runs")),
            Number<long>("optimizer_steps"),
            Number<float>("learning_rate"),
            savedAt)
        {
            Signature = Text("signature"),
            Rule = metadata.GetValueOrDefault("rule") ?? "stllr",
            Classes = ReadClasses(file, metadata.GetValueOrDefault("classes")),
            Generators = ReadGenerators(file, metadata),
            Crc = uint.TryParse(Text("crc32c"), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var crc)
                ? crc
                : throw new CheckpointException(file, $"metadata 'crc32c' = '{Text("crc32c")}' is not a hexadecimal checksum"),
        };
    }

    private static Dictionary<string, string> ReadGenerators(string file, IReadOnlyDictionary<string, string> metadata)
    {
        var generators = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in metadata)
        {
            if (!key.StartsWith(GeneratorPrefix, StringComparison.Ordinal))
            {
                continue;
            }
            try
            {
                new Rng(0).State = value; // parsed now, so a restore cannot fail half-way
            }
            catch (FormatException ex)
            {
                throw new CheckpointException(file, $"metadata '{key}': {ex.Message}", ex);
            }
            generators[key[GeneratorPrefix.Length..]] = value;
        }
        return generators;
    }

    private static IReadOnlyList<string> ReadClasses(string file, string? json)
    {
        if (json is null)
        {
            return [];
        }
        try
        {
            return System.Text.Json.JsonSerializer.Deserialize(json, CheckpointJson.Default.IReadOnlyListString) ?? [];
        }
        catch (System.Text.Json.JsonException)
        {
            throw new CheckpointException(file, $"metadata 'classes' = '{json}' is not a JSON list of names");
        }
    }
}

[System.Text.Json.Serialization.JsonSerializable(typeof(IReadOnlyList<string>))]
internal sealed partial class CheckpointJson : System.Text.Json.Serialization.JsonSerializerContext;
