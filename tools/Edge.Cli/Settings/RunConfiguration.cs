using System.Globalization;
using Edge.Host;
using Edge.Host.Labels;
using Edge.Host.Runs;
using Edge.Host.Sources;
using Edge.Host.Teaching;
using Edge.Host.Web;
using Edge.Host.Windows;
using Edge.Runtime.Specs;
using Microsoft.Extensions.Configuration;

namespace Edge.Cli.Settings;

/// <summary>A validated <c>edge run</c> configuration: the settings as given and the run options they make.</summary>
internal sealed record RunPlan(RunSettings Settings, RunOptions Options, string? ConfigFile)
{
    /// <summary>The fleet client's options, or null when the run reports to no broker.</summary>
    public Edge.Host.Fleet.Board.FleetBoardOptions? Fleet { get; init; }
}

/// <summary>
/// Layers the configuration of <c>edge run</c> (Microsoft.Extensions.Configuration): built-in
/// defaults &lt; the JSON file &lt; <c>EDGE_*</c> environment variables &lt; command-line options, and
/// binds it to <see cref="RunSettings"/> with the binding source generator (no reflection, so the
/// trimmed bundle keeps working). Every problem is one line naming the file or key (exit 2). The
/// source scheme, the network and a labels file are checked too, so <c>--print-config</c> (and the
/// installer) finds them before a service starts.
/// </summary>
internal static class RunConfiguration
{
    /// <summary>Prefix of the environment variables (<c>EDGE_SOURCE</c>, <c>EDGE_METRICS_EVERY</c> …).</summary>
    public const string EnvironmentPrefix = "EDGE_";

    /// <summary>Builds and validates the plan; <paramref name="commandLine"/> holds only the options that were given.</summary>
    public static RunPlan Build(string? configFile, IReadOnlyDictionary<string, string?> commandLine)
    {
        ArgumentNullException.ThrowIfNull(commandLine);
        var builder = new ConfigurationBuilder();
        if (configFile is not null)
        {
            var full = Path.GetFullPath(configFile);
            if (Directory.Exists(full))
            {
                throw new UserInputException($"--config '{configFile}' is a folder: give the JSON configuration file");
            }
            if (!File.Exists(full))
            {
                throw new UserInputException($"--config: no configuration file at '{configFile}'");
            }
            CheckKeys(full);
            builder.AddJsonFile(full, optional: false, reloadOnChange: false);
        }
        builder.AddEnvironmentVariables(EnvironmentPrefix);
        builder.AddInMemoryCollection(commandLine);

        RunSettings settings;
        try
        {
            settings = builder.Build().Get<RunSettings>() ?? new RunSettings();
        }
        catch (InvalidOperationException ex)
        {
            throw new UserInputException($"{configFile ?? "configuration"}: {Describe(ex)}", ex);
        }
        catch (Exception ex) when (ex is FormatException or InvalidDataException)
        {
            throw new UserInputException($"{configFile ?? "configuration"}: {Describe(ex)}", ex);
        }
        var options = Validate(settings);
        return new RunPlan(settings, options, configFile)
        {
            Fleet = (settings.Fleet ?? new FleetSettings()).ToOptions(options.Labels?.Kind == LabelSourceKind.Fleet),
        };
    }

    private static RunOptions Validate(RunSettings s)
    {
        if (string.IsNullOrWhiteSpace(s.Source))
        {
            throw new UserInputException("source is empty: give --source sim:, file:<path> or a camera");
        }
        var uri = SourceUri.Parse(s.Source);
        var provider = SourceRegistry.Default.Find(uri.Scheme) ?? throw new UserInputException(
            $"unknown source scheme '{uri.Scheme}:' in '{s.Source}'");
        uri.RejectUnknown(provider.Parameters);
        if (s.Ring <= 0 || s.Ring > Cli.OptionRanges.MaxRing)
        {
            throw new UserInputException(string.Create(CultureInfo.InvariantCulture, $"ring {s.Ring} is out of range: give events from 1 to {Cli.OptionRanges.MaxRing}"));
        }
        Host.Runs.CheckpointFolder.CheckKeep(s.CheckpointKeep);
        if (s.Threads < 1 || s.Threads > Cli.OptionRanges.MaxThreads)
        {
            throw new UserInputException(string.Create(CultureInfo.InvariantCulture, $"threads {s.Threads} is out of range: give threads from 1 to {Cli.OptionRanges.MaxThreads}"));
        }
        if (s.LearningRate is { } lr && !(lr > 0 && float.IsFinite(lr)))
        {
            throw new UserInputException(string.Create(CultureInfo.InvariantCulture, $"learning_rate {lr} must be a positive number"));
        }
        if (!RunModes.TryParse(s.Mode, out var mode))
        {
            throw new UserInputException($"mode '{s.Mode}' is not learn or infer");
        }
        // The network must load (a typo in a name or a broken spec file is found now, not at start-up).
        NetworkCatalog.Resolve(s.Network);
        var labels = LabelSource.Parse(s.Labels);
        if (labels is { Kind: LabelSourceKind.File, Path: { } labelsPath })
        {
            LabelsFile.Read(labelsPath);
        }
        var page = string.IsNullOrWhiteSpace(s.Http) ? null : PageOptions.Parse(s.Http, s.HttpToken);
        if (labels is { Kind: LabelSourceKind.Page } && page is null)
        {
            throw new UserInputException("--labels page: the page's teach buttons need the page: add --http [ADDR:]PORT (e.g. --http 127.0.0.1:8080)");
        }
        var board = s.Board?.ToOptions();
        if (board?.FirstProblem() is { } problem)
        {
            throw new UserInputException("board: " + problem);
        }
        return new RunOptions
        {
            Source = s.Source,
            Network = s.Network,
            Mode = mode,
            Labels = labels,
            Window = s.Window is null && s.WindowRate is null ? null : WindowOptions.Parse(s.Window, s.WindowRate, new WindowOptions().DurationUs),
            Classes = s.Classes,
            RealTime = s.RealTime,
            Checkpoint = string.IsNullOrWhiteSpace(s.Checkpoint) ? null : s.Checkpoint,
            CheckpointKeep = s.CheckpointKeep,
            FreshIfDamaged = s.FreshIfDamaged,
            Weights = string.IsNullOrWhiteSpace(s.Weights) ? null : s.Weights,
            Duration = string.IsNullOrWhiteSpace(s.Duration) ? null : Durations.Parse(s.Duration, "duration"),
            MetricsEvery = Durations.Parse(s.MetricsEvery, "metrics_every"),
            CheckpointEvery = Durations.Parse(s.CheckpointEvery, "checkpoint_every"),
            Seed = s.Seed,
            WeightSeed = s.WeightSeed,
            LearningRate = s.LearningRate,
            Threads = s.Threads,
            Ring = s.Ring,
            Board = board is { Enabled: true } ? board : null,
            Extensions = page is null ? [] : [new LivePage(page)],
        };
    }

    /// <summary>The provider's message and the parser's (which says the line and position), in plain words.</summary>
    private static string Describe(Exception ex)
    {
        if (ConfigurationValues.Plain(ex.Message) is { } plain)
        {
            return plain;
        }
        var innermost = ex;
        while (innermost.InnerException is { } inner)
        {
            innermost = inner;
        }
        return (ReferenceEquals(innermost, ex) ? ex.Message : $"{ex.Message} {innermost.Message}").ReplaceLineEndings(" ");
    }

    /// <summary>A misspelt key would silently do nothing: refuse keys the file should not have, at any depth of the board section.</summary>
    private static void CheckKeys(string file)
    {
        IConfigurationRoot json;
        try
        {
            json = new ConfigurationBuilder().AddJsonFile(file, optional: false, reloadOnChange: false).Build();
        }
        catch (Exception ex) when (ex is FormatException or InvalidDataException or IOException)
        {
            throw new UserInputException($"{file}: {Describe(ex)}", ex);
        }
        foreach (var child in json.GetChildren())
        {
            var key = child.Key.ToLowerInvariant();
            if (Array.IndexOf(RunSettings.Keys, key) < 0)
            {
                throw new UserInputException($"{file}: unknown setting '{child.Key}' (settings: {string.Join(", ", RunSettings.Keys)})");
            }
            if (key == "board")
            {
                CheckBoardKeys(file, child, "");
            }
            if (key == "fleet")
            {
                foreach (var part in child.GetChildren())
                {
                    if (Array.IndexOf(FleetSettings.Keys, part.Key.ToLowerInvariant()) < 0)
                    {
                        throw new UserInputException($"{file}: unknown setting 'fleet.{part.Key}' (there: {string.Join(", ", FleetSettings.Keys)})");
                    }
                }
            }
        }
    }

    private static void CheckBoardKeys(string file, IConfigurationSection section, string part)
    {
        var allowed = BoardSettings.Keys[part];
        foreach (var child in section.GetChildren())
        {
            var key = child.Key.ToLowerInvariant();
            var path = part.Length == 0 ? key : part + "." + key;
            if (Array.IndexOf(allowed, key) < 0)
            {
                throw new UserInputException($"{file}: unknown setting 'board.{(part.Length == 0 ? "" : part + ".")}{child.Key}' (there: {string.Join(", ", allowed)})");
            }
            if (BoardSettings.Keys.ContainsKey(path))
            {
                CheckBoardKeys(file, child, path);
            }
        }
    }
}
