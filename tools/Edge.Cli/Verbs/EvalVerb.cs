using System.CommandLine;
using System.Globalization;
using System.Text.Json.Serialization;
using Edge.Cli.Cli;
using Edge.Drivers.Datasets;
using Edge.Host.Training;

namespace Edge.Cli.Verbs;

/// <summary>
/// <c>edge eval</c>: restores a checkpoint written by <c>edge train</c> and measures its accuracy
/// on the test split of a dataset, with the dataset's official test preprocessing.
/// </summary>
internal static class EvalVerb
{
    public static Command Create()
    {
        var dataset = CommonOptions.Dataset(" (e.g. nmnist:/data/N-MNIST)");
        var checkpoint = new Option<string>("--checkpoint")
        {
            Description = "Checkpoint folder written by 'edge train': its newest good checkpoint is evaluated (damaged newer ones are named; the folder is left as it is).",
            Required = true,
        };
        var network = CommonOptions.Network();
        network.Description = "The checkpoint's network when it is not built in (a spec file). Default: the checkpoint's own network.";
        var json = CommonOptions.Json();
        var command = new Command("eval",
            "Evaluate a trained checkpoint on the test split of a dataset: every test sample is binned as the official code " +
            "does and classified from the logits summed over its frames. Shows a progress bar and prints the accuracy " +
            "(--json: one JSON object with dataset, split, samples, accuracy).")
        {
            dataset, checkpoint, network, json,
        };
        command.SetAction(parse =>
        {
            var location = ParseDataset(parse.GetValue(dataset));
            using var evaluator = CheckpointEvaluation.Open(location, parse.GetValue(checkpoint)!, parse.GetValue(network),
                static line => Console.Error.WriteLine("edge: " + line));
            using var stop = new StopSignal(static _ => { });
            var row = Evaluate(evaluator, location, evaluator.NetworkName, parse.GetValue(checkpoint), stop);
            Report(row, parse.GetValue(json));
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>Parses --dataset KIND:PATH (exit 2 on a bad value).</summary>
    internal static DatasetLocation ParseDataset(string? text) =>
        DatasetLocation.TryParse(text, out var location, out var error) ? location : throw new UserInputException("--dataset: " + error);

    /// <summary>
    /// Evaluates every test sample with a progress bar; returns the result row. Ctrl-C/SIGTERM ends it
    /// with <see cref="OperationCanceledException"/> (exit 130).
    /// </summary>
    internal static TestRow Evaluate(DatasetEvaluator evaluator, DatasetLocation location, string network, string? checkpoint, StopSignal stop)
    {
        ProgressBar.Run($"eval {DatasetNames.Of(location.Kind)} test", evaluator.Count, bar =>
        {
            while (evaluator.Next(out _))
            {
                if (stop.Interrupted)
                {
                    throw new OperationCanceledException($"evaluation interrupted by {stop.Reason}");
                }
                bar.Report(evaluator.Samples, string.Create(CultureInfo.InvariantCulture,
                    $"{evaluator.Samples}/{evaluator.Count} acc {evaluator.Accuracy:0.000}"));
            }
            return 0;
        });
        return new TestRow
        {
            Dataset = DatasetNames.Of(location.Kind),
            Path = location.Path,
            Split = DatasetNames.Of(DatasetSplit.Test),
            Samples = evaluator.Samples,
            Accuracy = Math.Round(evaluator.Accuracy, 6),
            Network = network,
            Checkpoint = checkpoint,
            Events = evaluator.Events,
            Steps = evaluator.Steps,
        };
    }

    /// <summary>Prints the test result: one JSON line, or a sentence.</summary>
    internal static void Report(TestRow row, bool json)
    {
        if (json)
        {
            JsonLines.Write(row, EvalJson.Default.TestRow);
            return;
        }
        Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{row.Dataset} test split: accuracy {row.Accuracy:0.0000} on {row.Samples} samples (network {row.Network})"));
    }
}

/// <summary>Accuracy on a test split (edge eval, and the last line of edge train).</summary>
internal sealed record TestRow
{
    public required string Dataset { get; init; }

    public required string Path { get; init; }

    public required string Split { get; init; }

    public long Samples { get; init; }

    public double Accuracy { get; init; }

    public required string Network { get; init; }

    public string? Checkpoint { get; init; }

    /// <summary>Epochs trained (edge train only).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? Epoch { get; init; }

    public long Events { get; init; }

    public long Steps { get; init; }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(TestRow))]
internal sealed partial class EvalJson : JsonSerializerContext;
