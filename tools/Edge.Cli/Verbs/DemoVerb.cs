using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Serialization;
using Edge.Cli.Cli;
using Edge.Cli.Demo;
using Edge.Runtime;
using Edge.Runtime.Events;
using Edge.Runtime.Learning;
using Edge.Runtime.Memory;
using Edge.Runtime.Online;
using Edge.Runtime.Specs;

namespace Edge.Cli.Verbs;

/// <summary>
/// <c>edge demo</c>: the main job. A simulated event camera watches a labelled task; its events are
/// binned into frames and a spiking network learns them online with S-TLLR (or the rule given by
/// --rule), test-then-train on
/// every sample (each prediction is made before any update from that sample).
/// </summary>
internal static class DemoVerb
{
    public static Command Create()
    {
        var json = CommonOptions.Json();
        var network = CommonOptions.Network();
        var rule = CommonOptions.Rule();
        var seed = CommonOptions.Seed(1);
        var task = new Option<string>("--task")
        {
            Description = "What the camera watches: " + string.Join(", ", DemoTasks.Names()) + ". Default: motion (8 motions in direction pairs).",
            DefaultValueFactory = _ => Sim.Tasks.TaskCatalog.DefaultTask,
        };
        var samples = new Option<int>("--samples") { Description = "Labelled samples to learn (default 600).", DefaultValueFactory = _ => 600 };
        var preset = new Option<string>("--preset") { Description = "Sensor noise preset: clean, default (v2e defaults) or noisy.", DefaultValueFactory = _ => "default" };
        var realtime = new Option<bool>("--realtime") { Description = "Pace the simulated camera to the wall clock; when learning falls behind, events are dropped and counted." };
        var plot = new Option<string?>("--plot") { Description = "Write the accuracy curve and a few event frames to this PNG file." };

        var command = new Command("demo",
            "Online learning on the simulated event camera, no hardware needed: the camera's events are binned into frames and " +
            "the demo network learns them with S-TLLR (or --rule), test-then-train on every sample. Shows a progress bar with the running " +
            "accuracy and prints a summary (--json: one JSON object).")
        {
            json, network, rule, seed, task, samples, preset, realtime, plot,
        };
        command.SetAction(parse => Run(new DemoOptions(
            parse.GetValue(task)!, parse.GetValue(samples), (ulong)parse.GetValue(seed), parse.GetValue(preset)!,
            parse.GetValue(realtime), parse.GetValue(json), parse.GetValue(plot), parse.GetValue(network), parse.GetValue(rule))));
        return command;
    }

    private sealed record DemoOptions(string Task, int Samples, ulong Seed, string Preset, bool Realtime, bool Json, string? Plot, string? Network, string? Rule);

    private static int Run(DemoOptions o)
    {
        if (o.Samples < 1)
        {
            throw new UserInputException("--samples must be at least 1");
        }
        var network = NetworkCatalog.Resolve(o.Network);
        if (network.InputShape.Count != 3 || network.InputShape[0] != 2)
        {
            throw new UserInputException($"--network: the demo needs a network with [2, H, W] event-frame input, '{network.Name}' takes [{string.Join(", ", network.InputShape)}]");
        }
        // The simulated camera is made as large as the network's frames.
        using var source = DemoTasks.Open(o.Task, o.Samples, o.Seed, o.Preset, o.Realtime, new SensorGeometry(network.InputShape[2], network.InputShape[1]));
        var spec = network.WithClasses(source.ClassCount);
        var binner = new EventBinner(source.Geometry, new BinnerOptions { OutputHeight = spec.InputShape[1], OutputWidth = spec.InputShape[2] });
        var learner = LearnerFactory.Create(spec, new NetworkOptions(1, Learning: true, Seed: o.Seed), o.Rule);
        var trainer = PrequentialLoop.For(learner, new SegmentFramer(source, binner, spec.TimeSteps));

        var correct = new List<bool>(o.Samples);
        var recent = new RecentAccuracy(o.Samples);
        using var stop = new StopSignal(_ => trainer.StopRequested = true);
        var frames = new List<DemoPlot.Frame>();
        var seenClass = new bool[source.ClassCount];
        long allocated = 0, measuredSteps = 0;
        var clock = Stopwatch.StartNew();
        ProgressBar.Run($"demo {o.Task}", o.Samples, bar =>
        {
            while (true)
            {
                var before = GC.GetAllocatedBytesForCurrentThread();
                if (!trainer.Next(out var outcome))
                {
                    break; // the task's end, or Ctrl-C/SIGTERM
                }
                if (trainer.Samples > 1)
                {
                    // Steady state only: the first sample warms up the JIT.
                    allocated += GC.GetAllocatedBytesForCurrentThread() - before;
                    measuredSteps += spec.TimeSteps;
                }
                correct.Add(outcome.Correct);
                recent.Add(outcome.Correct);
                CaptureFrame(trainer, binner, source, outcome, frames, seenClass, o.Samples);
                var seconds = Math.Max(1e-9, clock.Elapsed.TotalSeconds);
                bar.Report(trainer.Samples, string.Create(CultureInfo.InvariantCulture,
                    $"{trainer.Samples}/{o.Samples} accuracy {recent.Label} {recent.Value:0.00} | {trainer.Events / seconds / 1e3:0}k ev/s | {trainer.Steps / seconds:0} steps/s"));
            }
            return 0;
        });
        clock.Stop();

        var summary = new DemoSummary
        {
            Task = o.Task,
            Network = spec.Name,
            Rule = learner.Rule,
            Seed = o.Seed,
            Samples = trainer.Samples,
            Events = trainer.Events,
            AccuracyLast20Pct = Math.Round(recent.Value, 4),
            Accuracy = Math.Round(trainer.Samples == 0 ? 0 : trainer.Correct / (double)trainer.Samples, 4),
            StepsPerS = Math.Round(trainer.Steps / Math.Max(1e-9, clock.Elapsed.TotalSeconds), 1),
            EventsPerS = Math.Round(trainer.Events / Math.Max(1e-9, clock.Elapsed.TotalSeconds), 1),
            AllocBytes = allocated,
            AllocBytesPerStep = measuredSteps == 0 ? 0 : allocated / measuredSteps,
            LearningStateBytes = learner.Memory.LearningStateBytes,
            MemoryBytes = MemoryBytes.From(learner.Memory),
            EventsDropped = source is IEventSourceHealth h ? h.Health.EventsDropped : 0,
            RunSeconds = Math.Round(clock.Elapsed.TotalSeconds, 2),
        };
        if (o.Plot is not null)
        {
            var title = learner.Rule == "stllr" ? "S-TLLR" : learner.Rule.ToUpperInvariant();
            DemoPlot.Write(o.Plot, correct, frames, $"{title} ONLINE: {o.Task.ToUpperInvariant()}");
        }
        if (o.Json)
        {
            JsonLines.Write(summary, DemoJson.Default.DemoSummary);
        }
        else
        {
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{summary.Samples} samples of '{o.Task}' learned online ({summary.Rule}) in {summary.RunSeconds:0.0} s: accuracy {summary.Accuracy:0.000}, last 20 % {summary.AccuracyLast20Pct:0.000}"));
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{summary.StepsPerS:0} steps/s, {summary.EventsPerS / 1e3:0} k events/s, {summary.AllocBytes} bytes allocated after the first sample, learning state {summary.LearningStateBytes / 1024.0:0.0} KiB, events dropped {summary.EventsDropped}"));
            if (o.Plot is not null)
            {
                Console.Out.WriteLine($"plot written to {o.Plot}");
            }
        }
        return stop.Interrupted ? ExitCodes.Interrupted : ExitCodes.Ok;
    }

    /// <summary>Keeps the last frame of one late sample per class (up to 8) for the plot.</summary>
    private static void CaptureFrame(PrequentialLoop trainer, EventBinner binner, ILabelledEventSource source, SampleOutcome outcome,
        List<DemoPlot.Frame> frames, bool[] seenClass, int samples)
    {
        if (trainer.Samples < samples * 0.8 || frames.Count >= 8 || seenClass[outcome.Label])
        {
            return;
        }
        seenClass[outcome.Label] = true;
        frames.Add(new DemoPlot.Frame(trainer.Frame(trainer.TimeSteps - 1, 0).ToArray(), binner.Width, binner.Height,
            source.ClassNames[outcome.Label], source.ClassNames[outcome.Prediction]));
    }
}

/// <summary>Bytes of the network and learner by category (the demo's memory_bytes object).</summary>
internal sealed record MemoryBytes(long Parameters, long Gradients, long Optimizer, long LearningState, long StepCache, long Activations, long Scratch, long Feedback, long Total)
{
    public static MemoryBytes From(MemoryReport r) => new(r.ParamBytes, r.GradBytes, r.OptimizerBytes, r.LearningStateBytes,
        r.StepCacheBytes, r.ActivationBytes, r.ScratchBytes, r.FeedbackBytes, r.TotalBytes);
}

/// <summary>The demo's summary (--json).</summary>
internal sealed record DemoSummary
{
    public required string Task { get; init; }

    public required string Network { get; init; }

    public required string Rule { get; init; }

    public ulong Seed { get; init; }

    public long Samples { get; init; }

    public long Events { get; init; }

    [JsonPropertyName("accuracy_last_20pct")]
    public double AccuracyLast20Pct { get; init; }

    public double Accuracy { get; init; }

    public double StepsPerS { get; init; }

    public double EventsPerS { get; init; }

    /// <summary>Bytes allocated over every sample after the first (the JIT's): the exact figure.</summary>
    public long AllocBytes { get; init; }

    /// <summary><see cref="AllocBytes"/> ÷ measured steps, rounded down.</summary>
    public long AllocBytesPerStep { get; init; }

    public long LearningStateBytes { get; init; }

    public required MemoryBytes MemoryBytes { get; init; }

    public long EventsDropped { get; init; }

    public double RunSeconds { get; init; }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(DemoSummary))]
internal sealed partial class DemoJson : JsonSerializerContext;
