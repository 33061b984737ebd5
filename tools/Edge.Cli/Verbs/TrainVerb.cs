using System.CommandLine;
using System.Globalization;
using System.Text.Json.Serialization;
using Edge.Cli.Cli;
using Edge.Drivers.Datasets;
using Edge.Host.Training;

namespace Edge.Cli.Verbs;

/// <summary>
/// <c>edge train</c>: trains a network on a standard dataset with its official preprocessing (S-TLLR
/// by default), epoch by epoch with the spec's learning-rate schedule, checkpointing after every
/// epoch and resuming from the checkpoint; ends with the accuracy on the test split.
/// </summary>
internal static class TrainVerb
{
    public static Command Create()
    {
        var dataset = CommonOptions.Dataset(" (e.g. gesture:/data/DvsGesture)");
        var network = CommonOptions.Network();
        network.Description = "Built-in network name or JSON spec file. Default: the dataset's network (nmnist-small, gesture-vgg, shd-rec); " +
                              "cifar10dvs and ncaltech101 need one.";
        var epochs = new Option<int>("--epochs") { Description = "Epochs to reach (a resumed run continues up to this count). Default 1.", DefaultValueFactory = _ => 1 };
        var checkpoint = new Option<string?>("--checkpoint")
        {
            Description = "Checkpoint folder: resumed from its newest good checkpoint (damaged newer ones are moved to DIR/damaged/), saved after every epoch and on Ctrl-C/SIGTERM.",
        };
        var checkpointKeep = new Option<int>("--checkpoint-keep") { Description = "Checkpoints kept in the folder (default 3).", DefaultValueFactory = _ => Host.Runs.CheckpointFolder.DefaultKeep };
        var freshIfDamaged = new Option<bool>("--fresh-if-damaged")
        {
            Description = "When every checkpoint in the folder is damaged, move them to DIR/damaged/ and start afresh (default: stop with exit 2, changing nothing).",
        };
        var batch = new Option<int>("--batch") { Description = "Samples per training batch (default 1; an incomplete last batch is left out).", DefaultValueFactory = _ => 1 }
            .Within(1, OptionRanges.MaxBatch, "samples per batch");
        epochs.Within(1, 1_000_000, "epochs");
        checkpointKeep.Within(1, 1_000_000, "checkpoints");
        var seed = CommonOptions.Seed(1);
        var rule = CommonOptions.Rule();
        var json = CommonOptions.Json();
        var command = new Command("train",
            "Train a network on a dataset (N-MNIST, DVS Gesture, SHD, CIFAR10-DVS, N-Caltech101) with the official preprocessing " +
            "and S-TLLR, then report the test accuracy. Progress on stderr; per-epoch and final results on stdout " +
            "(--json: JSON Lines with dataset, split, samples, accuracy, epoch, loss).")
        {
            dataset, network, epochs, checkpoint, checkpointKeep, freshIfDamaged, batch, seed, rule, json,
        };
        command.SetAction(parse => Run(new TrainingOptions
        {
            Dataset = EvalVerb.ParseDataset(parse.GetValue(dataset)),
            Network = parse.GetValue(network),
            Epochs = Positive(parse.GetValue(epochs), "--epochs"),
            Batch = Positive(parse.GetValue(batch), "--batch"),
            Seed = (ulong)parse.GetValue(seed),
            Checkpoint = parse.GetValue(checkpoint),
            CheckpointKeep = Positive(parse.GetValue(checkpointKeep), "--checkpoint-keep"),
            FreshIfDamaged = parse.GetValue(freshIfDamaged),
            Rule = parse.GetValue(rule),
        }, parse.GetValue(json)));
        return command;
    }

    private static int Positive(int value, string name) =>
        value >= 1 ? value : throw new UserInputException($"{name} must be at least 1 (got {value})");

    private static int Run(TrainingOptions options, bool json)
    {
        using var training = DatasetTraining.Open(options);
        foreach (var line in training.SetAside)
        {
            Console.Error.WriteLine("edge: " + line);
        }
        var kind = DatasetNames.Of(options.Dataset.Kind);
        var learner = training.Learner;
        var resumed = training.Resumed is { } r
            ? string.Create(CultureInfo.InvariantCulture, $", resumed from {training.CheckpointFile} ({r.Progress.Samples} samples done)")
            : "";
        // Signals are ours before the line that says training has begun (a caller may stop it on seeing the line).
        using var stop = new StopSignal(static _ => { });
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"training {training.Spec.Name} ({learner.Rule}, T={learner.TimeSteps}, T_l={learner.LearnSteps}, batch {options.Batch}) on {kind}: " +
            $"{training.Train.Count} training samples, {Epochs(training, options)}{resumed}"));

        var remaining = Math.Max(0, ((long)(options.Epochs - training.Epoch) * training.SamplesPerEpoch) - training.SamplesInEpoch);
        ProgressBar.Run($"train {kind}", remaining, bar =>
        {
            long done = 0, correct = 0, seen = 0;
            while (!stop.Interrupted && training.Step(out var outcome, out var finished))
            {
                done += outcome.Samples;
                correct += outcome.Correct;
                seen += outcome.Samples;
                bar.Report(done, string.Create(CultureInfo.InvariantCulture,
                    $"epoch {Math.Min(training.Epoch + 1, options.Epochs)}/{options.Epochs} acc {(seen == 0 ? 0 : correct / (double)seen):0.000} loss {outcome.Loss:0.000}"));
                if (finished is { } epoch)
                {
                    ReportEpoch(epoch, options, json);
                    correct = seen = 0;
                }
            }
            return 0;
        });
        if (stop.Interrupted)
        {
            training.Save();
            Console.Error.WriteLine(training.CheckpointFile is { } file
                ? $"interrupted ({stop.Reason}): checkpoint saved to {file}; run the same command to resume"
                : $"interrupted ({stop.Reason}): nothing saved (no --checkpoint)");
            return ExitCodes.Interrupted;
        }

        using var evaluator = training.OpenTestEvaluator();
        var row = EvalVerb.Evaluate(evaluator, options.Dataset, training.Spec.Name, training.CheckpointFile is null ? null : options.Checkpoint, stop);
        EvalVerb.Report(row with { Epoch = training.Epoch }, json);
        return ExitCodes.Ok;
    }

    private static string Epochs(DatasetTraining training, TrainingOptions options) => training.Finished
        ? string.Create(CultureInfo.InvariantCulture, $"all {options.Epochs} epochs already done")
        : string.Create(CultureInfo.InvariantCulture, $"epochs {training.Epoch + 1}–{options.Epochs}");

    private static void ReportEpoch(EpochSummary epoch, TrainingOptions options, bool json)
    {
        var row = new EpochRow
        {
            Dataset = DatasetNames.Of(options.Dataset.Kind),
            Path = options.Dataset.Path,
            Split = DatasetNames.Of(DatasetSplit.Train),
            Epoch = epoch.Epoch + 1,
            Samples = epoch.Samples,
            Accuracy = Math.Round(epoch.Accuracy, 6),
            Loss = Math.Round(epoch.Loss, 6),
            LearningRate = epoch.LearningRate,
        };
        if (json)
        {
            JsonLines.Write(row, TrainJson.Default.EpochRow);
            return;
        }
        Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"epoch {row.Epoch}/{options.Epochs}: training accuracy {row.Accuracy:0.0000} on {row.Samples} samples, loss {row.Loss:0.0000}, learning rate {row.LearningRate:G4}"));
    }
}

/// <summary>One finished training epoch.</summary>
internal sealed record EpochRow
{
    public required string Dataset { get; init; }

    public required string Path { get; init; }

    public required string Split { get; init; }

    public int Epoch { get; init; }

    public long Samples { get; init; }

    public double Accuracy { get; init; }

    public double Loss { get; init; }

    public float LearningRate { get; init; }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(EpochRow))]
internal sealed partial class TrainJson : JsonSerializerContext;
