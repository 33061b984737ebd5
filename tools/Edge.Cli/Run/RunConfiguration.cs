using System.Globalization;
using Edge.Cli.Cli;
using Edge.Cli.Sources;
using Microsoft.Extensions.Configuration;

namespace Edge.Cli.Run;

/// <summary>A validated <c>edge run</c> configuration: durations parsed, numbers in range.</summary>
internal sealed record RunPlan(
    RunSettings Settings,
    TimeSpan? Duration,
    TimeSpan MetricsEvery,
    TimeSpan CheckpointEvery,
    string? ConfigFile);

/// <summary>
/// Layers the configuration of <c>edge run</c> (Microsoft.Extensions.Configuration): built-in
/// defaults &lt; the JSON file &lt; <c>EDGE_*</c> environment variables &lt; command-line options, and
/// binds it to <see cref="RunSettings"/> with the binding source generator (no reflection, so the
/// trimmed bundle keeps working). Every problem is one line naming the file or key (exit 2).
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
            throw new UserInputException($"configuration: {ex.Message.ReplaceLineEndings(" ")}", ex);
        }
        catch (Exception ex) when (ex is FormatException or InvalidDataException)
        {
            throw new UserInputException($"{configFile}: {Describe(ex)}", ex);
        }
        return Validate(settings, configFile);
    }

    private static RunPlan Validate(RunSettings s, string? configFile)
    {
        if (string.IsNullOrWhiteSpace(s.Source))
        {
            throw new UserInputException("source is empty: give --source sim:, file:<path> or a camera");
        }
        if (s.Ring <= 0)
        {
            throw new UserInputException(string.Create(CultureInfo.InvariantCulture, $"ring {s.Ring} must be a positive number of events"));
        }
        if (s.Threads is < 1 or > 256)
        {
            throw new UserInputException(string.Create(CultureInfo.InvariantCulture, $"threads {s.Threads} must be from 1 to 256"));
        }
        if (s.LearningRate is { } lr && !(lr > 0 && float.IsFinite(lr)))
        {
            throw new UserInputException(string.Create(CultureInfo.InvariantCulture, $"learning_rate {lr} must be a positive number"));
        }
        return new RunPlan(
            s,
            string.IsNullOrWhiteSpace(s.Duration) ? null : Durations.Parse(s.Duration, "duration"),
            Durations.Parse(s.MetricsEvery, "metrics_every"),
            Durations.Parse(s.CheckpointEvery, "checkpoint_every"),
            configFile);
    }

    /// <summary>The provider's message and the parser's (which says the line and position).</summary>
    private static string Describe(Exception ex)
    {
        var innermost = ex;
        while (innermost.InnerException is { } inner)
        {
            innermost = inner;
        }
        return (ReferenceEquals(innermost, ex) ? ex.Message : $"{ex.Message} {innermost.Message}").ReplaceLineEndings(" ");
    }

    /// <summary>A misspelt key would silently do nothing: refuse keys the file should not have.</summary>
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
            if (Array.IndexOf(RunSettings.Keys, child.Key.ToLowerInvariant()) < 0)
            {
                throw new UserInputException($"{file}: unknown setting '{child.Key}' (settings: {string.Join(", ", RunSettings.Keys)})");
            }
        }
    }
}
