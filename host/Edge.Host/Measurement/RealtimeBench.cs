using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Serialization;
using Edge.Runtime;
using Edge.Runtime.Events;
using Edge.Runtime.Kernels;
using Edge.Runtime.Learning.Stllr;
using Edge.Runtime.Online;
using Edge.Runtime.Specs;
using Edge.Sim.Tasks;

namespace Edge.Host.Measurement;

/// <summary>
/// Can the board keep up with a camera while it learns? Peak rows measure the machine's float32
/// FMA peak (1 thread and every core). Realtime rows replay a simulated task's events from memory
/// through the binner and the S-TLLR learner exactly as <c>edge run</c> does, test-then-train, with
/// 10 ms bins (T bins per sample), and compare the sustained steps/s with the sensor's bin rate
/// (10 ms bins need 100 steps/s). The achieved GFLOP/s are dense-equivalent: 2 × the multiply-adds
/// of the dense operations (counted by <see cref="MacCounter"/>) per second. The kernels skip zero
/// spikes and zero signals, so this is work done per second as a dense implementation would count
/// it, compared with the measured peak. Each network is measured on 1 thread and on N (--threads,
/// or every core), with the runtime's step workers.
/// </summary>
internal sealed class RealtimeBench : IBenchKind
{
    /// <summary>Bin width of the sensor stream: 10 ms, the official N-MNIST framing.</summary>
    public const double BinMs = 10;

    private static readonly (string Network, string Task)[] Defaults = [("demo", "motion"), ("nmnist-small", "digits")];

    public string Name => "realtime";

    public void Run(BenchContext context)
    {
        var seconds = context.Quick ? 0.2 : 1.0;
        var peak = PeakFlops.Measure(1, seconds);
        context.Emit(new PeakRow { Threads = 1, Gflops = Math.Round(peak, 2) });
        if (Environment.ProcessorCount > 1)
        {
            var all = PeakFlops.Measure(Environment.ProcessorCount, seconds);
            context.Emit(new PeakRow { Threads = Environment.ProcessorCount, Gflops = Math.Round(all, 2) });
        }
        var cases = context.Network is { } name ? [(name, TaskFor(name))] : Defaults;
        // 1 thread, and N: --threads when given, else every core.
        var many = context.Threads > 1 ? context.Threads : Environment.ProcessorCount;
        int[] threadCounts = many > 1 ? [1, many] : [1];
        foreach (var (network, task) in cases)
        {
            foreach (var threads in threadCounts)
            {
                context.Emit(Measure(network, task, threads, peak, context));
            }
        }
    }

    private static RealtimeRow Measure(string network, string taskName, int threads, double peak, BenchContext context)
    {
        var (warmup, timed) = context.Quick ? (1, 3) : (3, 20);
        var spec = NetworkCatalog.Resolve(network);
        if (context.Steps is int steps)
        {
            spec = spec with { TimeSteps = steps };
        }
        var T = spec.TimeSteps;
        RecordedTask recorded;
        using (var task = TaskCatalog.Create(taskName, new TaskOptions
        {
            Samples = warmup + 1 + timed,
            Seed = (ulong)context.Seed,
            SegmentUs = (long)(T * BinMs * 1000),
        }))
        {
            recorded = new RecordedTask(task);
        }
        spec = spec.WithClasses(recorded.ClassCount);
        var binner = new EventBinner(recorded.Geometry, new BinnerOptions { OutputHeight = spec.InputShape[1], OutputWidth = spec.InputShape[2] });
        using var built = Network.Build(spec, new NetworkOptions(1, Learning: true, Seed: (ulong)context.Seed) { Threads = threads });
        var learner = new StllrLearner(built);
        var trainer = PrequentialLoop.For(learner, new SegmentFramer(recorded, binner, T));

        for (var i = 0; i < warmup; i++)
        {
            trainer.Next(out _);
        }
        MacCounter.Start();
        trainer.Next(out _);
        var macs = MacCounter.Stop();
        var macsPerSample = macs.Forward + macs.Learning;

        var times = new double[timed];
        var eventsBefore = trainer.Events;
        var allocated = GC.GetAllocatedBytesForCurrentThread() + built.WorkerAllocatedBytes;
        var total = Stopwatch.GetTimestamp(); // not a Stopwatch object: it would be allocated inside the counted region
        for (var i = 0; i < timed; i++)
        {
            var start = Stopwatch.GetTimestamp();
            trainer.Next(out _);
            times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }
        var seconds = Stopwatch.GetElapsedTime(total).TotalSeconds;
        allocated = GC.GetAllocatedBytesForCurrentThread() + built.WorkerAllocatedBytes - allocated;
        Array.Sort(times);
        var stepsPerS = timed * T / seconds;
        var required = 1000 / BinMs;
        var gflops = 2.0 * macsPerSample * timed / seconds / 1e9;
        return new RealtimeRow
        {
            Network = spec.Name,
            Task = taskName,
            T = T,
            TL = learner.LearnSteps,
            Threads = threads,
            BinMs = BinMs,
            Samples = timed,
            StepsPerS = Math.Round(stepsPerS, 1),
            RequiredStepsPerS = required,
            Headroom = Math.Round(stepsPerS / required, 2),
            Realtime = stepsPerS >= required,
            SampleMsMedian = Math.Round(times[timed / 2], 3),
            SampleMsMax = Math.Round(times[^1], 3),
            SamplePeriodMs = T * BinMs,
            EventsPerS = Math.Round((trainer.Events - eventsBefore) / seconds, 0),
            MacsPerStep = macsPerSample / T,
            GflopsDense = Math.Round(gflops, 3),
            PeakGflops = Math.Round(peak, 2),
            FractionOfPeak = Math.Round(gflops / peak, 4),
            AllocBytes = allocated,
            AllocBytesPerStep = allocated / (timed * T),
        };
    }

    /// <summary>The simulated task whose sensor fits a network's input.</summary>
    private static string TaskFor(string network)
    {
        var shape = NetworkCatalog.Resolve(network).InputShape;
        if (shape.Count == 3 && shape[0] == 2)
        {
            foreach (var task in TaskCatalog.All)
            {
                if (task.DefaultGeometry.Width == shape[2] && task.DefaultGeometry.Height == shape[1])
                {
                    return task.Name;
                }
            }
        }
        throw new UserInputException(string.Create(CultureInfo.InvariantCulture,
            $"--network {network}: realtime rows need a [2, H, W] input that a simulated task fits (32x32 motion, 34x34 digits, 64x64 gestures); it takes [{string.Join(", ", shape)}]"));
    }
}

/// <summary>The machine's measured float32 peak.</summary>
internal sealed record PeakRow : IBenchRow
{
    public string Kind => "peak";

    public int Threads { get; init; }

    public double Gflops { get; init; }

    public int VectorLanes { get; init; } = PeakFlops.Lanes;

    public bool VectorAccelerated { get; init; } = PeakFlops.Vectorized;

    public string Architecture { get; init; } = System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant();

    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"peak          {Threads} thread{(Threads == 1 ? " " : "s")}  {Gflops,8:0.00} GFLOP/s  ({Architecture}, {(VectorAccelerated ? $"{VectorLanes}-lane vector FMA" : "scalar: Vector<T> not accelerated")})");
}

/// <summary>One real-time verdict row.</summary>
internal sealed record RealtimeRow : IBenchRow, IAllocationRow
{
    public string Kind => "realtime";

    public required string Network { get; init; }

    public required string Task { get; init; }

    [JsonPropertyName("T")]
    public int T { get; init; }

    [JsonPropertyName("T_l")]
    public int TL { get; init; }

    public int Threads { get; init; }

    public double BinMs { get; init; }

    public int Samples { get; init; }

    public double StepsPerS { get; init; }

    public double RequiredStepsPerS { get; init; }

    public double Headroom { get; init; }

    public bool Realtime { get; init; }

    public double SampleMsMedian { get; init; }

    public double SampleMsMax { get; init; }

    public double SamplePeriodMs { get; init; }

    public double EventsPerS { get; init; }

    public long MacsPerStep { get; init; }

    public double GflopsDense { get; init; }

    public double PeakGflops { get; init; }

    public double FractionOfPeak { get; init; }

    /// <summary>Bytes allocated over the timed samples (every thread of the step): the exact figure; 0 is required.</summary>
    public long AllocBytes { get; init; }

    /// <summary><see cref="AllocBytes"/> ÷ timed steps, rounded down.</summary>
    public long AllocBytesPerStep { get; init; }

    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"{Network,-13} {Threads} thread{(Threads == 1 ? " " : "s")} learning {StepsPerS,8:0.0} steps/s vs {RequiredStepsPerS:0} needed ({BinMs:0} ms bins): {(Realtime ? "REAL-TIME" : "TOO SLOW")} x{Headroom:0.00}  sample {SampleMsMedian:0.0} ms (max {SampleMsMax:0.0}) of {SamplePeriodMs:0}  {GflopsDense:0.00} GFLOP/s dense = {FractionOfPeak:P1} of {PeakGflops:0.0}  alloc {AllocBytes} B");
}

