using System.Globalization;
using System.Text.Json.Serialization;
using Edge.Drivers.Datasets;
using Edge.Host.Baselines;
using Edge.Host.TestSets;
using Edge.Host.Training;

namespace Edge.Host.Measurement;

/// <summary>
/// Learning rows: how well and how fast a rule learns a realistic task. Each row trains the
/// dataset's network (its defaults, or --network) with one rule for a number of epochs exactly as
/// <c>edge train</c> does (batch 1, the seed's orders and shifts), then evaluates the test split as
/// <c>edge eval</c> does. The prequential accuracy counts every training sample predicted before it
/// was learned. Learning speed: the samples it took until the accuracy over the last
/// <see cref="Window"/> training samples first reached the target, the softmax baseline's test
/// accuracy on the same set (null when it never did). Both baselines (docs/test-sets.md) are in
/// every row. Without --dataset, the N-MNIST-format digits set is made in a temporary folder (at
/// seed 1; a fifth of its size with --quick).
/// </summary>
internal sealed class LearningBench : IBenchKind
{
    /// <summary>Training samples the running accuracy of <c>samples_to_accuracy</c> is taken over.</summary>
    public const int Window = 100;

    /// <summary>Training samples between two points of a row's learning curve.</summary>
    private const int CurveEvery = 25;

    public string Name => "learning";

    public void Run(BenchContext context)
    {
        var epochs = context.Epochs ?? (context.Quick ? 1 : 3);
        string[] rules = context.Rule is { } one ? [one] : ["stllr", "bptt"];
        string? made = null;
        try
        {
            var datasets = context.Datasets;
            if (datasets.Count == 0)
            {
                made = Path.Combine(Path.GetTempPath(), "edge-bench-learning-" + Guid.NewGuid().ToString("N"));
                var summary = TestSetGenerator.Make(TestSetKind.NmnistDigits, new TestSetOptions
                {
                    OutputFolder = made,
                    Seed = 1,
                    Scale = context.Quick ? 0.2 : 1,
                });
                datasets = [new DatasetLocation(summary.Layout, summary.Folder)];
            }
            foreach (var dataset in datasets)
            {
                var baselines = DatasetBaselines.Compute(dataset);
                foreach (var rule in rules)
                {
                    context.Emit(Measure(dataset, made is null ? TaskName(dataset) : MadeTaskName(context.Quick), rule, epochs, baselines, context));
                }
            }
        }
        finally
        {
            if (made is not null && Directory.Exists(made))
            {
                Directory.Delete(made, recursive: true);
            }
        }
    }

    private static LearningRow Measure(DatasetLocation dataset, string task, string rule, int epochs, IReadOnlyList<BaselineResult> baselines,
        BenchContext context)
    {
        var softmax = Baseline(baselines, "softmax");
        var target = Math.Round(softmax, 4);
        using var training = DatasetTraining.Open(new TrainingOptions
        {
            Dataset = dataset,
            Network = context.Network,
            Rule = rule,
            Epochs = epochs,
            Seed = (ulong)context.Seed,
        });
        var recent = new Queue<bool>(Window);
        var window = Math.Min(Window, training.SamplesPerEpoch);
        var recentCorrect = 0;
        long samples = 0, correct = 0;
        long? reached = null;
        var curve = new List<(long, double)>();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (training.Step(out var outcome, out _))
        {
            if (outcome.Samples == 0)
            {
                continue;
            }
            // Batch 1: one sample per step.
            var ok = outcome.Correct > 0;
            samples++;
            correct += ok ? 1 : 0;
            recent.Enqueue(ok);
            recentCorrect += ok ? 1 : 0;
            if (recent.Count > window)
            {
                recentCorrect -= recent.Dequeue() ? 1 : 0;
            }
            if (reached is null && recent.Count == window && recentCorrect >= target * window)
            {
                reached = samples;
            }
            if (samples % CurveEvery == 0)
            {
                curve.Add((samples, recentCorrect / (double)recent.Count));
            }
        }
        var trainSeconds = clock.Elapsed.TotalSeconds;
        using var evaluator = training.OpenTestEvaluator();
        while (evaluator.Next(out _))
        {
        }
        var spec = training.Spec;
        var (passes, passSeconds) = training.InferencePasses;
        return new LearningRow
        {
            Rule = training.Learner.Rule,
            Task = task,
            Dataset = dataset.ToString(),
            Network = spec.Name,
            TimeSteps = training.Learner.TimeSteps,
            LearnSteps = training.Learner.LearnSteps,
            Prediction = Runtime.Specs.PredictionRules.Name(spec.Prediction),
            Seed = context.Seed,
            Epochs = epochs,
            Samples = samples,
            TestSamples = evaluator.Samples,
            TestAccuracy = Math.Round(evaluator.Accuracy, 4),
            PrequentialAccuracy = Math.Round(samples == 0 ? 0 : correct / (double)samples, 4),
            TargetAccuracy = target,
            SamplesToAccuracy = reached,
            MsPerSample = Math.Round(samples == 0 ? 0 : trainSeconds * 1000 / samples, 3),
            MsInferencePass = Math.Round(passes == 0 ? 0 : passSeconds * 1000 / passes, 3),
            SoftmaxAccuracy = Math.Round(softmax, 4),
            Knn3Accuracy = Math.Round(Baseline(baselines, "knn3"), 4),
            Curve = curve,
        };
    }

    private static double Baseline(IReadOnlyList<BaselineResult> baselines, string model)
    {
        foreach (var b in baselines)
        {
            if (b.Model == model)
            {
                return b.TestAccuracy;
            }
        }
        throw new InvalidOperationException($"no {model} baseline");
    }

    /// <summary>The name of the set made when no --dataset is given.</summary>
    private static string MadeTaskName(bool quick) => quick ? "nmnist-digits-default-scale0.2" : "nmnist-digits-default";

    /// <summary>The task's name: the dataset folder's name.</summary>
    private static string TaskName(DatasetLocation dataset) =>
        Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(dataset.Path)));
}

/// <summary>One learning row.</summary>
internal sealed record LearningRow : IBenchRow
{
    public string Kind => "learning";

    public required string Rule { get; init; }

    public required string Task { get; init; }

    public required string Dataset { get; init; }

    public required string Network { get; init; }

    public int TimeSteps { get; init; }

    public int LearnSteps { get; init; }

    public required string Prediction { get; init; }

    public int Seed { get; init; }

    public int Epochs { get; init; }

    public long Samples { get; init; }

    public long TestSamples { get; init; }

    public double TestAccuracy { get; init; }

    public double PrequentialAccuracy { get; init; }

    public double TargetAccuracy { get; init; }

    public long? SamplesToAccuracy { get; init; }

    public double MsPerSample { get; init; }

    public double MsInferencePass { get; init; }

    public double SoftmaxAccuracy { get; init; }

    public double Knn3Accuracy { get; init; }

    /// <summary>The learning curve: (samples learned, accuracy over the last <see cref="LearningBench.Window"/>) every 25 samples; for plots, not printed.</summary>
    [JsonIgnore]
    public IReadOnlyList<(long Samples, double Accuracy)> Curve { get; init; } = [];

    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"learning {Task} {Network} {Rule,-6} T {TimeSteps} T_l {LearnSteps} {Prediction}, {Epochs} epochs ({Samples} samples): test {TestAccuracy:0.000}, " +
        $"prequential {PrequentialAccuracy:0.000}, {(SamplesToAccuracy is { } n ? n.ToString(CultureInfo.InvariantCulture) : "never")} samples to {TargetAccuracy:0.000} " +
        $"(softmax baseline; 3-NN {Knn3Accuracy:0.000}), {MsPerSample:0.0} ms/sample");
}
