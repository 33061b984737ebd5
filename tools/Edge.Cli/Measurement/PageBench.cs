using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Serialization;
using Edge.Host.Measurement;
using Edge.Host.Runs;
using Edge.Host.Web;

namespace Edge.Cli.Measurement;

/// <summary>
/// What the live page costs a learning run. Runs of <c>edge run --source sim:</c> (the demo task,
/// learned every window, as fast as the machine goes) alternate without and with the page, the
/// page read by a real consumer (curl on its event stream, another process), in pairs whose order
/// alternates so drift on a shared machine hits both alike. Each run times its steps after a
/// warm-up: steps/s, the median and p99 of the time between consecutive steps (windows' learning
/// and reporting included), the learner thread's exact allocated bytes, the GC collections, the
/// page thread's allocation rate and everything else's (Kestrel, the source). A summary row
/// compares the means with the run-to-run spread.
/// </summary>
internal sealed class PageBench : IBenchKind
{
    public string Name => "page";

    public void Run(BenchContext context)
    {
        var (pairs, warmup, measured) = context.Quick ? (2, 200, 1_000) : (5, 1_000, 10_000);
        var without = new List<PageRow>();
        var with = new List<PageRow>();
        for (var pair = 0; pair < pairs; pair++)
        {
            foreach (var page in pair % 2 == 0 ? new[] { false, true } : [true, false])
            {
                var row = Measure(page, pair + 1, warmup, measured, context);
                (page ? with : without).Add(row);
                context.Emit(row);
            }
        }
        context.Emit(Summary(without, with));
    }

    private static PageRow Measure(bool page, int pair, int warmup, int measured, BenchContext context)
    {
        var extension = page ? new LivePage(PageOptions.Parse("127.0.0.1:0", token: null)) : null;
        using var run = OnlineRun.Open(new RunOptions
        {
            Source = "sim:",
            Network = context.Network,
            Seed = context.Seed,
            Threads = context.Threads,
            MetricsEvery = TimeSpan.FromHours(1),
            Extensions = extension is null ? [] : [extension],
        });
        var timer = new StepTimer(run, warmup, measured);
        run.Subscribe(timer);
        using var consumer = extension is null ? null : Curl(run.Started.Http! + "events");
        if (consumer is not null)
        {
            var waited = Stopwatch.StartNew();
            while (extension!.Browsers == 0 && waited.Elapsed < TimeSpan.FromSeconds(10))
            {
                Thread.Sleep(20);
            }
        }
        var summary = run.Run();
        if (!timer.Done)
        {
            throw new UserInputException($"bench page: the run stopped after {timer.Steps} steps ({summary.Stopped})");
        }
        var seconds = timer.Seconds;
        var pageBytes = extension?.PublisherAllocatedBytes ?? 0;
        return new PageRow
        {
            Pair = pair,
            Page = page,
            Browsers = extension?.Browsers ?? 0,
            Steps = measured,
            Seconds = Math.Round(seconds, 3),
            StepsPerS = Math.Round(measured / seconds, 1),
            P50StepMs = Math.Round(timer.Percentile(0.50), 3),
            P99StepMs = Math.Round(timer.Percentile(0.99), 3),
            LearnerCpuUsPerStep = Math.Round(timer.CpuSeconds * 1e6 / measured, 1),
            AllocBytes = timer.LearnerBytes,
            Gc0 = timer.Collections[0],
            Gc1 = timer.Collections[1],
            Gc2 = timer.Collections[2],
            PageThreadBytesPerS = Math.Round(pageBytes / Math.Max(1e-9, summary.Seconds)),
            OtherThreadsBytesPerS = Math.Round((timer.ProcessBytes - timer.LearnerBytes) / seconds),
            PageFramesDropped = extension?.FramesDropped ?? 0,
        };
    }

    /// <summary>A consumer of the event stream in another process, as a browser would be.</summary>
    private static Process Curl(string url)
    {
        try
        {
            var info = new ProcessStartInfo("curl") { ArgumentList = { "-sN", "-o", "/dev/null", url }, UseShellExecute = false };
            return Process.Start(info) ?? throw new UserInputException("bench page: curl did not start");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new UserInputException("bench page: needs curl (the page's consumer in another process): " + ex.Message, ex);
        }
    }

    private static PageSummaryRow Summary(List<PageRow> without, List<PageRow> with)
    {
        static (double Mean, double Min, double Max) Of(List<PageRow> rows, Func<PageRow, double> value)
        {
            double sum = 0, min = double.MaxValue, max = double.MinValue;
            foreach (var r in rows)
            {
                var v = value(r);
                (sum, min, max) = (sum + v, Math.Min(min, v), Math.Max(max, v));
            }
            return (sum / rows.Count, min, max);
        }
        var (s0, s0Min, s0Max) = Of(without, r => r.StepsPerS);
        var (s1, s1Min, s1Max) = Of(with, r => r.StepsPerS);
        var (p0, p0Min, p0Max) = Of(without, r => r.P99StepMs);
        var (p1, p1Min, p1Max) = Of(with, r => r.P99StepMs);
        var (c0, c0Min, c0Max) = Of(without, r => r.LearnerCpuUsPerStep);
        var (c1, c1Min, c1Max) = Of(with, r => r.LearnerCpuUsPerStep);
        var learner = 0L;
        foreach (var r in with)
        {
            learner = Math.Max(learner, r.AllocBytes);
        }
        return new PageSummaryRow
        {
            Runs = without.Count,
            StepsPerSWithout = [Math.Round(s0, 1), Math.Round(s0Min, 1), Math.Round(s0Max, 1)],
            StepsPerSWith = [Math.Round(s1, 1), Math.Round(s1Min, 1), Math.Round(s1Max, 1)],
            StepsPerSChangePct = Math.Round(100 * (s1 - s0) / s0, 2),
            StepsPerSSpreadPct = Math.Round(100 * (s0Max - s0Min) / s0, 2),
            P99StepMsWithout = [Math.Round(p0, 3), Math.Round(p0Min, 3), Math.Round(p0Max, 3)],
            P99StepMsWith = [Math.Round(p1, 3), Math.Round(p1Min, 3), Math.Round(p1Max, 3)],
            LearnerCpuUsPerStepWithout = [Math.Round(c0, 1), Math.Round(c0Min, 1), Math.Round(c0Max, 1)],
            LearnerCpuUsPerStepWith = [Math.Round(c1, 1), Math.Round(c1Min, 1), Math.Round(c1Max, 1)],
            MaxLearnerAllocBytesWithPage = learner,
        };
    }

    /// <summary>
    /// Times the steps of a run on the learner's thread: after <c>warmup</c> steps it notes the
    /// clock, the thread's and the process's allocated bytes and the GC counts; then the time of
    /// every step into a preallocated array; after <c>measured</c> more it notes them again and
    /// stops the run. Allocates nothing while it runs.
    /// </summary>
    private sealed class StepTimer(OnlineRun run, int warmup, int measured) : IRunObserver, Edge.Runtime.Online.IStepProbe
    {
        private readonly long[] _gaps = new long[measured];
        private readonly int[] _gcBefore = new int[3];
        private long _last, _start, _threadBefore, _processBefore;
        private double _cpuBefore;

        /// <summary>CPU seconds the learner's thread used over the timed steps (Linux; NaN elsewhere).</summary>
        public double CpuSeconds { get; private set; }

        public long Steps { get; private set; }

        public bool Done { get; private set; }

        public double Seconds { get; private set; }

        public long LearnerBytes { get; private set; }

        public long ProcessBytes { get; private set; }

        public int[] Collections { get; } = new int[3];

        public void AfterStep(int t, ReadOnlySpan<float> input)
        {
            var now = Stopwatch.GetTimestamp();
            Steps++;
            if (Steps == warmup)
            {
                _cpuBefore = ThreadCpuSeconds();
                _start = now;
                _threadBefore = GC.GetAllocatedBytesForCurrentThread();
                _processBefore = GC.GetTotalAllocatedBytes(precise: true);
                for (var g = 0; g < 3; g++)
                {
                    _gcBefore[g] = GC.CollectionCount(g);
                }
            }
            else if (Steps > warmup && Steps <= warmup + measured)
            {
                _gaps[Steps - warmup - 1] = now - _last;
                if (Steps == warmup + measured)
                {
                    LearnerBytes = GC.GetAllocatedBytesForCurrentThread() - _threadBefore;
                    ProcessBytes = GC.GetTotalAllocatedBytes(precise: true) - _processBefore;
                    Seconds = Stopwatch.GetElapsedTime(_start, now).TotalSeconds;
                    CpuSeconds = ThreadCpuSeconds() - _cpuBefore;
                    for (var g = 0; g < 3; g++)
                    {
                        Collections[g] = GC.CollectionCount(g) - _gcBefore[g];
                    }
                    Done = true;
                    run.Stop();
                }
            }
            _last = now;
        }

        /// <summary>
        /// This thread's user + system CPU time from /proc/thread-self/stat (clock ticks of 10 ms),
        /// read outside the allocation window: it tells whether a slower run did more work on the
        /// learner's thread or waited for a core.
        /// </summary>
        private static double ThreadCpuSeconds()
        {
            try
            {
                var stat = File.ReadAllText("/proc/thread-self/stat");
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
            }
            catch (IOException)
            {
                return double.NaN;
            }
        }

        /// <summary>The <paramref name="q"/> quantile of the step times, ms.</summary>
        public double Percentile(double q)
        {
            var sorted = (long[])_gaps.Clone();
            Array.Sort(sorted);
            var i = Math.Clamp((int)Math.Ceiling(q * sorted.Length) - 1, 0, sorted.Length - 1);
            return sorted[i] * 1000.0 / Stopwatch.Frequency;
        }
    }
}

/// <summary>One run of the page benchmark.</summary>
internal sealed record PageRow : IBenchRow, IAllocationRow
{
    public string Kind { get; init; } = "page";

    public int Pair { get; init; }

    public bool Page { get; init; }

    public int Browsers { get; init; }

    public long Steps { get; init; }

    public double Seconds { get; init; }

    public double StepsPerS { get; init; }

    public double P50StepMs { get; init; }

    public double P99StepMs { get; init; }

    /// <summary>CPU time of the learner's thread per timed step, µs (10 ms clock ticks).</summary>
    public double LearnerCpuUsPerStep { get; init; }

    /// <summary>The learner thread's allocated bytes over the timed steps (exact).</summary>
    public long AllocBytes { get; init; }

    public int Gc0 { get; init; }

    public int Gc1 { get; init; }

    public int Gc2 { get; init; }

    public double PageThreadBytesPerS { get; init; }

    public double OtherThreadsBytesPerS { get; init; }

    public long PageFramesDropped { get; init; }

    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"page {(Page ? "on " : "off")} pair {Pair}: {StepsPerS,8:0.0} steps/s, p50 {P50StepMs:0.000} ms, p99 {P99StepMs:0.000} ms, learner CPU {LearnerCpuUsPerStep:0.0} µs/step, {AllocBytes} B, GC {Gc0}/{Gc1}/{Gc2}, page thread {PageThreadBytesPerS / 1024:0.0} KiB/s, other threads {OtherThreadsBytesPerS / 1024:0.0} KiB/s, {Browsers} consumer(s), {PageFramesDropped} dropped");
}

/// <summary>The page benchmark's comparison: [mean, min, max] over the runs of each side.</summary>
internal sealed record PageSummaryRow : IBenchRow
{
    public string Kind { get; init; } = "page-summary";

    public int Runs { get; init; }

    public required double[] StepsPerSWithout { get; init; }

    public required double[] StepsPerSWith { get; init; }

    public double StepsPerSChangePct { get; init; }

    /// <summary>(max − min) / mean of the runs without the page: the run-to-run spread the change compares with.</summary>
    public double StepsPerSSpreadPct { get; init; }

    public required double[] P99StepMsWithout { get; init; }

    public required double[] P99StepMsWith { get; init; }

    /// <summary>CPU time of the learner's thread per step: what the page adds to the learner's own work, apart from waiting for a core.</summary>
    public required double[] LearnerCpuUsPerStepWithout { get; init; }

    public required double[] LearnerCpuUsPerStepWith { get; init; }

    public long MaxLearnerAllocBytesWithPage { get; init; }

    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"page summary over {Runs} pairs: steps/s {StepsPerSWithout[0]:0.0} [{StepsPerSWithout[1]:0.0}, {StepsPerSWithout[2]:0.0}] without, {StepsPerSWith[0]:0.0} [{StepsPerSWith[1]:0.0}, {StepsPerSWith[2]:0.0}] with ({StepsPerSChangePct:+0.00;-0.00} %, spread {StepsPerSSpreadPct:0.00} %); p99 {P99StepMsWithout[0]:0.000} ms without, {P99StepMsWith[0]:0.000} ms with; learner CPU {LearnerCpuUsPerStepWithout[0]:0.0} µs/step without, {LearnerCpuUsPerStepWith[0]:0.0} with; learner allocation with the page {MaxLearnerAllocBytesWithPage} B");
}
