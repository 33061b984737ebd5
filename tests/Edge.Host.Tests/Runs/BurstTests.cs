using System.Diagnostics;
using System.Globalization;
using System.Numerics.Tensors;
using Edge.Host.Runs;
using Edge.Host.Sources;
using Edge.Host.Teaching;
using Edge.Host.Windows;
using Edge.Runtime.Events;
using Edge.Runtime.Online;
using Xunit.Abstractions;

namespace Edge.Host.Tests.Runs;

/// <summary>
/// A camera bursting at 100 times what the learner can take, for three seconds, in the middle of a
/// run: memory stays fixed (the ring never grows, the heap does not), every event is accounted for
/// (read + dropped = produced), and learning resumes once the burst is over. The learner stands in
/// for a slow board: a probe costs it 20 µs per input event, so it sustains 50,000 events/s.
/// </summary>
[Collection("host-timing")]
public sealed class BurstTests(ITestOutputHelper output) : IDisposable
{
    private const double CostPerEventUs = 20;
    private const double Sustainable = 1e6 / CostPerEventUs;
    private const double Base = 20_000;
    private const double Burst = 100 * Sustainable;
    private const int Ring = 50_000;
    private readonly string _dir = Directory.CreateTempSubdirectory("edge-burst-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void A_burst_at_100_times_the_sustainable_rate_drops_and_counts_keeps_memory_fixed_and_learning_resumes()
    {
        var camera = new BurstCamera(new SensorGeometry(32, 32), [(2.0, Base), (3.0, Burst), (3.0, Base)]);
        var provider = new LiveRunSupport.Provider("burst", (uri, options) => OpenedSource.Live(uri, options, camera));
        using var run = OnlineRun.Open(new RunOptions
        {
            Source = "burst:",
            Sources = LiveRunSupport.With(provider),
            Network = LiveRunSupport.Network(_dir),
            Classes = ["wave", "clap"],
            Labels = new LabelSource(LabelSourceKind.Stdin),
            CommandInput = new StringReader("label wave\n"),
            Window = new WindowOptions { DurationUs = 50_000 },
            Ring = Ring,
        });
        var board = new SlowBoard();
        run.Subscribe(board);
        var heap = new long[2];
        using var before = new Timer(_ => heap[0] = GC.GetTotalMemory(false), null, TimeSpan.FromSeconds(1.9), Timeout.InfiniteTimeSpan);
        using var after = new Timer(_ => heap[1] = GC.GetTotalMemory(false), null, TimeSpan.FromSeconds(5.1), Timeout.InfiniteTimeSpan);

        var summary = run.Run();

        var ring = ((BackgroundEventSource)provider.Opened.Single().Events).Ring;
        var burst = camera.ProducedIn(1);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"produced {camera.Produced:N0} events ({burst:N0} in the 3 s burst: {burst / 3.0 / Sustainable:0} × the sustainable {Sustainable:N0}/s); read {ring.Delivered:N0}, dropped {ring.Dropped:N0}; " +
            $"heap {heap[0] / 1024.0:0} KiB before the burst, {heap[1] / 1024.0:0} KiB after; {board.LearnedAfter(6_500_000)} windows learned after 6.5 s"));
        Assert.Equal("end of source", summary.Stopped);
        Assert.Equal(camera.Produced, ring.Produced);
        Assert.Equal(camera.Produced, ring.Delivered + ring.Dropped);
        Assert.Equal(0, ring.Buffered);
        Assert.Equal(ring.Dropped, summary.EventsDropped);
        Assert.True(ring.Dropped > 0.9 * burst, $"only {ring.Dropped} of the burst's {burst} events dropped");
        Assert.True(burst >= 0.8 * 3 * Burst, $"the camera produced only {burst} events in its burst");
        Assert.Equal(Ring, ring.Capacity);
        Assert.True(heap[1] - heap[0] < 1 << 20, $"the heap grew by {heap[1] - heap[0]} bytes during the burst");
        Assert.True(board.LearnedAfter(6_500_000) >= 10, $"only {board.LearnedAfter(6_500_000)} windows learned after the burst");
    }

    /// <summary>A slow board: every input event costs <see cref="CostPerEventUs"/> of work; remembers when it learned.</summary>
    private sealed class SlowBoard : IRunObserver, IStepProbe
    {
        private readonly long[] _learnedAt = new long[100_000];
        private int _learned;

        public void AfterStep(int t, ReadOnlySpan<float> input)
        {
            var events = TensorPrimitives.Sum(input);
            var until = Stopwatch.GetTimestamp() + (long)(events * CostPerEventUs * Stopwatch.Frequency / 1e6);
            while (Stopwatch.GetTimestamp() < until)
            {
                Thread.SpinWait(20);
            }
        }

        public void OnPrediction(in WindowPrediction prediction)
        {
            if (prediction.Learned && _learned < _learnedAt.Length)
            {
                _learnedAt[_learned++] = prediction.StartUs;
            }
        }

        public int LearnedAfter(long us) => _learnedAt.AsSpan(0, _learned).ToArray().Count(t => t >= us);
    }

    /// <summary>
    /// A camera paced by the wall clock through phases of (seconds, events per second); event times
    /// are the wall clock's microseconds since it started.
    /// </summary>
    private sealed class BurstCamera((double Seconds, double Rate)[] phases) : IEventSource
    {
        private readonly long[] _producedIn = new long[phases.Length];
        private readonly Stopwatch _clock = new();
        private ulong _state = 0x9E3779B97F4A7C15UL;

        public BurstCamera(SensorGeometry geometry, (double Seconds, double Rate)[] phases) : this(phases) => Geometry = geometry;

        public SensorGeometry? Geometry { get; }

        public long Produced { get; private set; }

        public long ProducedIn(int phase) => _producedIn[phase];

        public int Read(Span<DvsEvent> destination)
        {
            _clock.Start();
            while (true)
            {
                var now = _clock.Elapsed.TotalSeconds;
                var (phase, due) = Due(now);
                if (phase < 0)
                {
                    return 0;
                }
                var n = (int)Math.Min(due - Produced, destination.Length);
                if (n <= 0)
                {
                    Thread.Sleep(1);
                    continue;
                }
                var t = (long)(now * 1e6);
                for (var i = 0; i < n; i++)
                {
                    _state ^= _state << 13;
                    _state ^= _state >> 7;
                    _state ^= _state << 17;
                    destination[i] = new DvsEvent(t, (ushort)(_state % 32), (ushort)((_state >> 8) % 32), (byte)((_state >> 16) & 1));
                }
                Produced += n;
                _producedIn[phase] += n;
                return n;
            }
        }

        /// <summary>The phase at <paramref name="seconds"/> (−1 after the last) and the events due by then.</summary>
        private (int Phase, long Due) Due(double seconds)
        {
            double start = 0, due = 0;
            for (var p = 0; p < phases.Length; p++)
            {
                var (length, rate) = phases[p];
                if (seconds < start + length)
                {
                    return (p, (long)(due + ((seconds - start) * rate)));
                }
                start += length;
                due += length * rate;
            }
            return (-1, (long)due);
        }

        public void Dispose()
        {
        }
    }
}
