using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Serialization;
using Edge.Runtime;
using Edge.Runtime.Layers;
using Edge.Runtime.Learning;
using Edge.Runtime.Specs;

namespace Edge.Host.Measurement;

/// <summary>
/// Network rows: inference and training (S-TLLR, or the rule given by --rule) per time step at batch 1 on the input
/// --input names (<see cref="BenchInputs"/>; by default seeded Bernoulli spikes of density 0.05, 0.02 for shd-rec, the
/// protocol of the peer harness that times the official PyTorch code, tools/peer). Inputs are generated before the timed region; warm-up
/// samples are not timed; a sample's time covers its T steps, the learning steps and the optimizer step.
/// Both modes of a network are fed the same samples, which --frames-out writes to a file first.
/// </summary>
internal sealed class NetworkBench : IBenchKind
{
    private static readonly string[] DefaultNetworks = ["nmnist-small", "gesture-vgg", "shd-rec"];

    public string Name => "network";

    public void Run(BenchContext context)
    {
        var names = context.Network is null ? DefaultNetworks : [context.Network];
        string[] modes = context.Mode is null ? ["infer", "train"] : [context.Mode];
        foreach (var name in names)
        {
            var spec = NetworkCatalog.Resolve(name);
            if (context.Steps is int steps)
            {
                spec = spec with { TimeSteps = steps };
            }
            var (warmup, samples) = SampleCounts(spec, context.Quick);
            if (BenchInputs.Make(context.Input, spec, warmup + samples, context.Seed, out var reason) is not var (inputs, labels))
            {
                context.Note($"{spec.Name} rows skipped: {reason}");
                continue;
            }
            if (context.FramesOut is { } path)
            {
                BenchFrames.Write(path, spec, context.Input, inputs, labels, warmup, context.Seed);
                context.Note($"{spec.Name}: {inputs.Length} samples of {context.Input} input ({warmup} warm-up) written to {path}");
            }
            foreach (var mode in modes)
            {
                context.Emit(Measure(spec, mode == "train", inputs, labels, warmup, context));
            }
        }
    }

    private static NetworkBenchRow Measure(NetworkSpec spec, bool train, float[][] inputs, int[] labels, int warmup, BenchContext context)
    {
        var samples = inputs.Length - warmup;
        var T = spec.TimeSteps;
        var density = BenchInputs.Density(inputs);

        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var baseline = ProcessMemory.ResidentMb();
        ProcessMemory.ResetPeak();

        var options = new NetworkOptions(1, Learning: train, Seed: (ulong)context.Seed) { Threads = context.Threads };
        var learner = train ? LearnerFactory.Create(spec, options, context.Rule) : null;
        var network = learner?.Network ?? Network.Build(spec, options);
        var label = new int[1];
        var stepTimes = new List<double>(samples * T);
        var sampleTimes = new double[samples];
        var frequency = (double)Stopwatch.Frequency;
        double firstSampleMs = 0;
        long allocated = 0;
        var (spikeRates, size) = Activity(network, inputs[0], T);

        for (var s = 0; s < warmup + samples; s++)
        {
            var x = inputs[s];
            label[0] = labels[s];
            var timed = s >= warmup;
            var before = GC.GetAllocatedBytesForCurrentThread() + network.WorkerAllocatedBytes;
            var start = Stopwatch.GetTimestamp();
            var stepStart = start;
            if (learner is not null)
            {
                learner.BeginSample(label);
            }
            else
            {
                network.ResetState(training: false);
            }
            for (var t = 0; t < T; t++)
            {
                var frame = x.AsSpan(t * spec.InputSize, spec.InputSize);
                if (learner is not null)
                {
                    learner.Step(frame, t);
                }
                else
                {
                    network.Step(frame, training: false);
                }
                if (timed)
                {
                    var now = Stopwatch.GetTimestamp();
                    stepTimes.Add((now - stepStart) * 1000.0 / frequency);
                    stepStart = now;
                }
            }
            learner?.EndSample();
            var end = Stopwatch.GetTimestamp();
            var after = GC.GetAllocatedBytesForCurrentThread() + network.WorkerAllocatedBytes;
            if (s == 0)
            {
                firstSampleMs = (end - start) * 1000.0 / frequency;
            }
            if (timed)
            {
                sampleTimes[s - warmup] = (end - start) * 1000.0 / frequency;
                allocated += after - before;
            }
        }

        var memory = network.Ledger.Report();
        network.Dispose();
        var medianSample = Median(sampleTimes);
        stepTimes.Sort();
        return new NetworkBenchRow
        {
            Network = spec.Name,
            Mode = train ? "train" : "infer",
            Rule = learner?.Rule,
            T = T,
            TL = train ? spec.EffectiveLearnSteps : null,
            Threads = context.Threads,
            MsPerStepMedian = Round(medianSample / T),
            MsPerSampleMedian = Round(medianSample),
            MsPerStepP50 = Round(Percentile(stepTimes, 0.50)),
            MsPerStepP99 = Round(Percentile(stepTimes, 0.99)),
            FirstSampleMs = Round(firstSampleMs),
            Samples = samples,
            AllocBytes = allocated,
            AllocBytesPerStep = allocated / (samples * T),
            LearningStateBytes = memory.LearningStateBytes,
            ParamBytes = memory.ParamBytes,
            GradBytes = memory.GradBytes,
            OptimizerBytes = memory.OptimizerBytes,
            TotalBytes = memory.TotalBytes,
            PeakRssMb = ProcessMemory.PeakMb() is double p ? Math.Round(p, 1) : null,
            BaselineRssMb = baseline is double b ? Math.Round(b, 1) : null,
            SpikeRates = spikeRates,
            Input = context.Input,
            InputDensity = Math.Round(density, 4),
            Parameters = size.Parameters,
            SynopsPerStep = Math.Round(size.PerStep),
            MacsPerStep = size.DenseMacsPerStep,
        };
    }

    /// <summary>Spike rate of every spiking layer and the synaptic operations, over one untimed inference sample.</summary>
    private static (double[] Rates, SynapticOperations Size) Activity(Network network, float[] x, int steps)
    {
        var size = new SynapticOperations(network);
        var spiking = new List<Layer>();
        foreach (var layer in network.Layers)
        {
            if (layer.Spec.IsSpiking)
            {
                spiking.Add(layer);
            }
        }
        var sums = new double[spiking.Count];
        network.ResetState(training: false);
        for (var t = 0; t < steps; t++)
        {
            network.Step(x.AsSpan(t * network.Spec.InputSize, network.Spec.InputSize), training: false);
            size.AfterStep();
            for (var i = 0; i < spiking.Count; i++)
            {
                foreach (var v in spiking[i].Output)
                {
                    sums[i] += v;
                }
            }
        }
        var rates = new double[spiking.Count];
        for (var i = 0; i < rates.Length; i++)
        {
            rates[i] = Math.Round(sums[i] / (steps * (double)spiking[i].Output.Length), 4);
        }
        return (rates, size);
    }

    private static (int Warmup, int Samples) SampleCounts(NetworkSpec spec, bool quick) => (spec.Name, quick) switch
    {
        (_, true) => (1, 2),
        ("gesture-vgg", _) => (1, 3),
        ("shd-rec", _) => (2, 6),
        _ => (3, 10),
    };

    private static double Median(double[] values)
    {
        var sorted = (double[])values.Clone();
        Array.Sort(sorted);
        var n = sorted.Length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[(n / 2) - 1] + sorted[n / 2]) / 2;
    }

    private static double Percentile(List<double> sorted, double q) =>
        sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(q * sorted.Count) - 1)];

    private static double Round(double v) => Math.Round(v, 4);
}

/// <summary>One network row (docs/cli-conventions.md "Benchmark rows").</summary>
internal sealed record NetworkBenchRow : IBenchRow, IAllocationRow
{
    public string Kind => "network";

    public string Impl { get; init; } = "edge";

    public required string Network { get; init; }

    public required string Mode { get; init; }

    public string? Rule { get; init; }

    [JsonPropertyName("T")]
    public int T { get; init; }

    [JsonPropertyName("T_l")]
    public int? TL { get; init; }

    public int Threads { get; init; }

    public double MsPerStepMedian { get; init; }

    public double MsPerSampleMedian { get; init; }

    public double MsPerStepP50 { get; init; }

    public double MsPerStepP99 { get; init; }

    public double FirstSampleMs { get; init; }

    public int Samples { get; init; }

    /// <summary>Bytes allocated over all timed samples (every thread of the step): the exact figure; 0 is required.</summary>
    public long AllocBytes { get; init; }

    /// <summary><see cref="AllocBytes"/> ÷ timed steps, rounded down (hides up to samples × T − 1 bytes).</summary>
    public long AllocBytesPerStep { get; init; }

    public long LearningStateBytes { get; init; }

    public long ParamBytes { get; init; }

    public long GradBytes { get; init; }

    public long OptimizerBytes { get; init; }

    public long TotalBytes { get; init; }

    public double? PeakRssMb { get; init; }

    public double? BaselineRssMb { get; init; }

    public required double[] SpikeRates { get; init; }

    /// <summary>What the network was fed: bernoulli, motion, gestures or nmnist-sample.</summary>
    public required string Input { get; init; }

    /// <summary>Share of non-zero input values.</summary>
    public double InputDensity { get; init; }

    /// <summary>Trainable parameters (NeuroBench's model size).</summary>
    public long Parameters { get; init; }

    /// <summary>Effective synaptic operations per step: non-zero synapse inputs times the connections they drive.</summary>
    public double SynopsPerStep { get; init; }

    /// <summary>Dense multiply-accumulates per step.</summary>
    public long MacsPerStep { get; init; }

    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"{Network,-13} {Mode,-5} {Rule ?? "-",-12} {Input,-13} T={T,-3} {MsPerStepMedian,9:0.0000} ms/step  {MsPerSampleMedian,10:0.000} ms/sample  p99 {MsPerStepP99:0.000} ms  alloc {AllocBytes} B  state {LearningStateBytes / 1024.0:0.0} KiB  params {Parameters:N0}  synops/step {SynopsPerStep:N0}  rss +{(PeakRssMb ?? 0) - (BaselineRssMb ?? 0):0.0} MB");
}

