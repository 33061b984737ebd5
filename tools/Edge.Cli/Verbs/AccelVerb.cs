using System.CommandLine;
using System.Globalization;
using System.Text.Json.Serialization;
using Edge.Accelerator;
using Edge.Accelerator.Agreement;
using Edge.Accelerator.Chips;
using Edge.Accelerator.Counting;
using Edge.Accelerator.Inputs;
using Edge.Accelerator.Mapping;
using Edge.Cli.Cli;
using Edge.Host.Sources;
using Edge.Runtime.Learning.Stllr;
using Edge.Runtime;
using Edge.Runtime.Events;
using Edge.Runtime.Online;
using Edge.Runtime.Specs;
using Edge.Sim.Tasks;

namespace Edge.Cli.Verbs;

/// <summary>
/// <c>edge accel</c>: maps a network onto a model of a Loihi-like neuromorphic system (or a dense MAC
/// engine), runs samples through it event by event in the chip's integers while it learns with
/// S-TLLR, and reports the mapping, the counts, the energy and the latency; <c>--agreement</c>
/// checks the chip model's spikes against the CPU runtime on the demo task.
/// </summary>
internal static class AccelVerb
{
    public static Command Create()
    {
        var json = CommonOptions.Json();
        var network = CommonOptions.Network();
        var seed = CommonOptions.Seed(1);
        var preset = new Option<string?>("--preset", "-p") { Description = $"System preset ({string.Join(", ", SystemCatalog.Names)}) or a JSON system file. Default: {SystemCatalog.DefaultName}." };
        var source = new Option<string?>("--source", "-s") { Description = "Samples to run: " + SourceRegistry.Default.Usage + ". Unlabelled streams are cut into windows of T × 10 ms. Default: the simulated task that fits the network." };
        var samples = new Option<int>("--samples") { Description = "Samples to run and average over (default 3).", DefaultValueFactory = _ => 3 };
        var chips = new Option<int?>("--chips") { Description = "Chips in the system (default: the preset's system)." };
        var readout = new Option<string>("--readout") { Description = "Where the readout runs: chip (non-spiking compartments) or host.", DefaultValueFactory = _ => "chip" };
        var inference = new Option<bool>("--inference-only") { Description = "Run without learning (no traces, plain synapses)." };
        var agreement = new Option<bool>("--agreement") { Description = "Compare the chip model's spikes and accuracy with the CPU runtime on the demo task (exit 1 if a layer's F1 < 0.99 or accuracy differs by more than 1 point)." };
        var train = new Option<int>("--train-samples") { Description = "--agreement: samples the CPU runtime learns first (default 300).", DefaultValueFactory = _ => 300 };
        var eval = new Option<int>("--eval-samples") { Description = "--agreement: held-out samples compared (default 100).", DefaultValueFactory = _ => 100 };
        var learning = new Option<bool>("--compare-learning") { Description = "--agreement: also learn the task online on both and compare their accuracy (slow)." };
        var command = new Command("accel",
            "Map a network onto a neuromorphic accelerator model and report cores, chips, counts, energy and latency per sample " +
            "(S-TLLR learning on the chip and inference), NeuroBench metrics and S-TLLR against BPTT on the same system.")
        {
            json, network, preset, source, samples, chips, readout, inference, seed, agreement, train, eval, learning,
        };
        command.SetAction(parse => Run(new AccelOptions(parse.GetValue(network), parse.GetValue(preset), parse.GetValue(source), parse.GetValue(json),
            parse.GetValue(samples), parse.GetValue(chips), parse.GetValue(readout)!, parse.GetValue(seed), parse.GetValue(inference),
            parse.GetValue(agreement), parse.GetValue(train), parse.GetValue(eval), parse.GetValue(learning))));
        return command;
    }

    private sealed record AccelOptions(string? Network, string? Preset, string? Source, bool Json, int Samples, int? Chips, string Readout, int Seed,
        bool InferenceOnly, bool Agreement, int TrainSamples, int EvalSamples, bool CompareLearning);

    /// <summary>A labelled stream opened for the model, with its name.</summary>
    private sealed record Stream(ILabelledEventSource Labelled, string Name, IDisposable Owner) : IDisposable
    {
        public void Dispose() => Owner.Dispose();
    }

    private static int Run(AccelOptions o)
    {
        if (o.Samples < 1 || o.TrainSamples < 0 || o.EvalSamples < 1)
        {
            throw new UserInputException("--samples and --eval-samples must be at least 1, --train-samples at least 0");
        }
        if (o.Readout is not ("chip" or "host"))
        {
            throw new UserInputException($"--readout: expected chip or host, got '{o.Readout}'");
        }
        var system = SystemCatalog.Resolve(o.Preset);
        if (o.Chips is { } n)
        {
            system = n >= 1 ? system.WithChips(n) : throw new UserInputException("--chips must be at least 1");
        }
        var spec = NetworkCatalog.Resolve(o.Network);
        var mappingOptions = new MappingOptions { Learning = !o.InferenceOnly, ReadoutOnHost = o.Readout == "host" };
        try
        {
            return o.Agreement ? RunAgreement(o, system, spec, mappingOptions) : RunModel(o, system, spec, mappingOptions);
        }
        catch (MappingException ex)
        {
            throw new UserInputException(ex.Message, ex);
        }
    }

    private static int RunModel(AccelOptions o, SystemDescription system, NetworkSpec spec, MappingOptions mappingOptions)
    {
        using var stream = Open(o.Source, spec, o.Samples, o.Seed);
        spec = Sized(spec, stream.Labelled);
        var framer = new SegmentFramer(stream.Labelled, Binner(spec, stream.Labelled.Geometry), spec.TimeSteps);
        var options = new ModelOptions { Samples = o.Samples, Learn = !o.InferenceOnly, Seed = (ulong)o.Seed, Mapping = mappingOptions };
        var report = ProgressBar.Run($"accel {spec.Name} on {system.Name}", o.Samples, bar =>
            AcceleratorModel.Run(spec, system, framer, stream.Name, options, done => bar.Report(done, Invariant($"{done}/{o.Samples} samples"))));
        if (o.Json)
        {
            JsonLines.Write(report, AccelJson.Default.AcceleratorReport);
        }
        else
        {
            foreach (var line in ReportText.Lines(report))
            {
                Console.Out.WriteLine(line);
            }
        }
        return ExitCodes.Ok;
    }

    private static int RunAgreement(AccelOptions o, SystemDescription system, NetworkSpec spec, MappingOptions mappingOptions)
    {
        using var trainStream = Open(o.Source, spec, o.TrainSamples, o.Seed);
        spec = Sized(spec, trainStream.Labelled);
        var geometry = trainStream.Labelled.Geometry;
        var reference = Network.Build(spec, new NetworkOptions(1, Learning: true, Seed: (ulong)o.Seed));
        var trainer = PrequentialLoop.For(new StllrLearner(reference), new SegmentFramer(trainStream.Labelled, Binner(spec, geometry), spec.TimeSteps));
        ProgressBar.Run($"CPU runtime learns {trainStream.Name}", o.TrainSamples, bar =>
        {
            while (trainer.Samples < o.TrainSamples && trainer.Next(out _))
            {
                bar.Report(trainer.Samples, Invariant($"{trainer.Samples}/{o.TrainSamples}"));
            }
            return 0;
        });
        using var evalStream = Open(o.Source, spec, o.EvalSamples, o.Seed + 1000);
        var mapping = Mapper.Map(spec, system, mappingOptions with { Learning = false });
        var result = ProgressBar.Run("chip model against CPU runtime", o.EvalSamples, bar =>
            AgreementRun.Compare(mapping, reference, new SegmentFramer(evalStream.Labelled, Binner(spec, geometry), spec.TimeSteps), o.EvalSamples,
                done => bar.Report(done, Invariant($"{done}/{o.EvalSamples}"))));
        if (o.CompareLearning)
        {
            using var a = Open(o.Source, spec, o.TrainSamples, o.Seed);
            using var b = Open(o.Source, spec, o.TrainSamples, o.Seed);
            var learningMapping = Mapper.Map(spec, system, mappingOptions with { Learning = true });
            var learned = ProgressBar.Run("online learning, CPU and chip", o.TrainSamples, bar =>
                AgreementRun.CompareLearning(learningMapping, (ulong)o.Seed, new SegmentFramer(a.Labelled, Binner(spec, geometry), spec.TimeSteps),
                    new SegmentFramer(b.Labelled, Binner(spec, geometry), spec.TimeSteps), o.TrainSamples, done => bar.Report(done, Invariant($"{done}/{o.TrainSamples}"))));
            result = result with { Learning = learned };
        }
        var pass = result.MinIsolatedF1 >= 0.99 && result.AccuracyGapPoints <= 1.0;
        var trainAccuracy = trainer.Samples == 0 ? 0 : trainer.Correct / (double)trainer.Samples;
        if (o.Json)
        {
            JsonLines.Write(new AgreementLine(system.Name, spec.Name, trainStream.Name, trainer.Samples, trainAccuracy, pass, result), AccelJson.Default.AgreementLine);
        }
        else
        {
            foreach (var line in ReportText.Lines(result, system.Name, spec.Name, trainer.Samples, trainAccuracy, pass))
            {
                Console.Out.WriteLine(line);
            }
        }
        return pass ? ExitCodes.Ok : ExitCodes.CheckFailed;
    }

    /// <summary>Opens <paramref name="uri"/>, or the simulated task (or spike patterns) that fits the network.</summary>
    private static Stream Open(string? uri, NetworkSpec spec, int samples, int seed)
    {
        if (uri is not null)
        {
            var opened = SourceRegistry.Default.Open(uri, new SourceOptions { RealTime = false, Seed = seed });
            if (opened.Labelled is { } labelled)
            {
                return new Stream(labelled, uri, opened);
            }
            if (opened.Geometry is null)
            {
                opened.Dispose();
                throw new UserInputException($"--source '{uri}' does not say its sensor size");
            }
            return new Stream(new FixedWindowSegments(opened.Events, spec.TimeSteps * 10_000L), uri, opened);
        }
        if (spec.InputShape.Count == 1)
        {
            var patterns = new SpikePatternTask(new SensorGeometry(spec.InputShape[0], 1), spec.Classes, samples, (ulong)seed, durationUs: 1_000_000);
            return new Stream(patterns, "patterns", patterns);
        }
        var name = spec.Name switch
        {
            "nmnist-small" => "digits",
            "gesture-vgg" => "gestures",
            _ => TaskCatalog.DefaultTask,
        };
        var task = TaskCatalog.Create(name, new TaskOptions { Samples = samples, Seed = (ulong)seed });
        return new Stream(task, "sim:" + name, task);
    }

    /// <summary>
    /// The network with a readout sized to a labelled stream's classes. A flow network has no
    /// classes: it is left as it is, so the mapper can say which of its layers it cannot map.
    /// </summary>
    private static NetworkSpec Sized(NetworkSpec spec, ILabelledEventSource source) =>
        source.ClassCount > 1 && !spec.IsFlow && spec.Layers.Count > 0 && spec.Layers[^1].IsReadout ? spec.WithClasses(source.ClassCount) : spec;

    private static EventBinner Binner(NetworkSpec spec, SensorGeometry geometry)
    {
        var shape = spec.InputShape;
        var options = shape.Count == 3
            ? new BinnerOptions { OutputHeight = shape[1], OutputWidth = shape[2], SplitPolarity = shape[0] == 2 }
            : new BinnerOptions { OutputHeight = 1, OutputWidth = shape[0], SplitPolarity = false };
        if (shape.Count == 3 && shape[0] is not (1 or 2))
        {
            throw new UserInputException($"--network: '{spec.Name}' takes {shape[0]} input channels; event frames have 1 or 2");
        }
        try
        {
            return new EventBinner(geometry, options);
        }
        catch (ArgumentException ex)
        {
            throw new UserInputException($"--source: its {geometry.Width}x{geometry.Height} sensor cannot feed '{spec.Name}' ([{string.Join(", ", shape)}] input): {ex.Message}", ex);
        }
    }

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}

/// <summary>The --agreement summary (--json).</summary>
internal sealed record AgreementLine(string Preset, string Network, string Source, long TrainSamples, double TrainAccuracy, bool Pass, AgreementResult Result);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(AcceleratorReport))]
[JsonSerializable(typeof(AgreementLine))]
internal sealed partial class AccelJson : JsonSerializerContext;
