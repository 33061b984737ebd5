using Edge.Runtime.Events;
using Edge.Sim.Tasks;

namespace Edge.Sim.Tests.Tasks;

public class TaskTests
{
    private static List<int> Labels(SimulatedTask task) => [.. task.Labels.ToArray()];

    [Fact]
    public void Classes_are_balanced_and_the_shuffle_follows_the_seed()
    {
        using var a = TaskCatalog.Create("motion", new TaskOptions { Samples = 203, Seed = 9 });
        using var b = TaskCatalog.Create("motion", new TaskOptions { Samples = 203, Seed = 9 });
        using var c = TaskCatalog.Create("motion", new TaskOptions { Samples = 203, Seed = 10 });

        var counts = Labels(a).GroupBy(l => l).Select(g => g.Count()).ToArray();
        Assert.Equal(8, counts.Length);
        Assert.True(counts.Max() - counts.Min() <= 1, "balanced up to the remainder");
        Assert.Equal(Labels(a), Labels(b));
        Assert.NotEqual(Labels(a), Labels(c));
        Assert.NotEqual(Labels(a).Order(), Labels(a)); // shuffled, not grouped
    }

    [Fact]
    public void Weights_and_class_subsets_are_honoured()
    {
        using var task = TaskCatalog.Create("motion", new TaskOptions
        {
            Samples = 400, Classes = ["rotate-ccw", "bar-left"], ClassWeights = [3, 1],
        });
        Assert.Equal(["rotate-ccw", "bar-left"], task.ClassNames);
        Assert.Equal(300, Labels(task).Count(l => l == 0));
        Assert.Equal(100, Labels(task).Count(l => l == 1));

        Assert.Throws<ArgumentException>(() => TaskCatalog.Create("motion", new TaskOptions { Classes = ["spin"] }));
        Assert.Throws<ArgumentException>(() => TaskCatalog.Create("motion", new TaskOptions { ClassWeights = [1, 2] }));
        Assert.Throws<ArgumentException>(() => TaskCatalog.Create("no-task", new TaskOptions()));
    }

    [Fact]
    public void Segments_tile_time_and_their_events_stay_inside_them()
    {
        using var task = TaskCatalog.Create("motion", new TaskOptions { Samples = 12, Seed = 4 });
        var index = 0;
        while (task.MoveNext(out var segment))
        {
            Assert.Equal(task.SegmentAt(index), segment);
            Assert.Equal(index * task.SegmentUs, segment.StartUs);
            Assert.Equal(task.SegmentUs, segment.DurationUs);
            var events = Streams.ReadSegment(task);
            Assert.True(events.Count > 500, $"segment {index}: {events.Count} events");
            Assert.All(events, e => Assert.InRange(e.T, segment.StartUs, segment.EndUs - 1));
            Assert.All(events, e => Assert.True(task.Geometry.Contains(e.X, e.Y)));
            index++;
        }
        Assert.Equal(12, index);
        Assert.False(task.MoveNext(out _));
        Assert.Equal(0, task.Read(new DvsEvent[16]));
    }

    [Fact]
    public void Every_motion_bin_holds_tens_to_hundreds_of_events()
    {
        // The demo sees ~16 time bins per segment: each should carry plenty of ON/OFF structure.
        using var task = TaskCatalog.Create("motion", new TaskOptions { Samples = 64, Seed = 2 });
        var bins = new List<int>();
        while (task.MoveNext(out var segment))
        {
            var perBin = new int[16];
            foreach (var e in Streams.ReadSegment(task))
            {
                perBin[(int)((e.T - segment.StartUs) * 16 / segment.DurationUs)]++;
            }
            bins.AddRange(perBin);
        }
        bins.Sort();
        Assert.InRange(bins[bins.Count / 20], 20, 400);       // 5th percentile
        Assert.InRange(bins[bins.Count / 2], 100, 1000);      // median
    }

    [Fact]
    public void Event_counts_alone_do_not_tell_motion_classes_apart()
    {
        // Nearest centroid on (ON count, OFF count): trained on the first half, tested on the second.
        var accuracies = new List<double>();
        foreach (var seed in new ulong[] { 1, 2, 3 })
        {
            using var task = TaskCatalog.Create("motion", new TaskOptions { Samples = 320, Seed = seed });
            var samples = new List<(int Label, double On, double Off)>();
            while (task.MoveNext(out var segment))
            {
                var events = Streams.ReadSegment(task);
                var on = events.Count(e => e.P == 1);
                samples.Add((segment.Label, on, events.Count - on));
            }
            var train = samples[..160];
            var centroids = Enumerable.Range(0, 8)
                .Select(c => train.Where(s => s.Label == c).ToList())
                .Select(s => (On: s.Average(x => x.On), Off: s.Average(x => x.Off)))
                .ToArray();
            var correct = samples[160..].Count(s =>
                Enumerable.Range(0, 8).MinBy(c => Math.Pow(s.On - centroids[c].On, 2) + Math.Pow(s.Off - centroids[c].Off, 2)) == s.Label);
            accuracies.Add(correct / 160.0);
        }
        // Chance is 1/8 = 0.125; 160 test samples give a standard deviation of about 0.026.
        Assert.True(accuracies.Average() < 0.21, $"count-only accuracy {string.Join(", ", accuracies)}");
    }

    [Fact]
    public void Repeating_the_previous_label_is_no_better_than_chance()
    {
        foreach (var name in new[] { "motion", "digits", "gestures" })
        {
            using var task = TaskCatalog.Create(name, new TaskOptions { Samples = 2000, Seed = 6 });
            var labels = Labels(task);
            var hits = 0;
            for (var i = 1; i < labels.Count; i++)
            {
                hits += labels[i] == labels[i - 1] ? 1 : 0;
            }
            var chance = 1.0 / task.ClassCount;
            Assert.InRange(hits / (labels.Count - 1.0), 0, chance + 0.04);
        }
    }

    [Fact]
    public void Distractor_noise_adds_events_at_its_rate()
    {
        static long Count(double distractorHz)
        {
            using var task = TaskCatalog.Create("motion", new TaskOptions { Samples = 10, Seed = 8, DistractorRateHz = distractorHz });
            long total = 0;
            while (task.MoveNext(out var segment))
            {
                var events = Streams.ReadSegment(task);
                for (var i = 1; i < events.Count; i++)
                {
                    Assert.True(events[i].T >= events[i - 1].T);
                }
                total += events.Count;
            }
            return total;
        }

        var extra = Count(50) - Count(0);
        var expected = 50.0 * 32 * 32 * 10 * 0.2; // Hz · pixels · segments · seconds
        Assert.InRange(extra, expected - (5 * Math.Sqrt(expected)), expected + (5 * Math.Sqrt(expected)));
    }

    [Theory]
    [InlineData("digits", 10, 34)]
    [InlineData("gestures", 8, 64)]
    public void The_other_tasks_give_events_for_every_class(string name, int classes, int side)
    {
        using var task = TaskCatalog.Create(name, new TaskOptions { Samples = 2 * classes, Seed = 3 });
        Assert.Equal(classes, task.ClassCount);
        Assert.Equal(new SensorGeometry(side, side), task.Geometry);
        var perClass = new int[classes];
        while (task.MoveNext(out var segment))
        {
            perClass[segment.Label] += Streams.ReadSegment(task).Count;
        }
        Assert.All(perClass, n => Assert.True(n > 500, $"{n} events"));
    }

    [Fact]
    public void A_custom_stimulus_set_makes_a_task()
    {
        var info = new TaskInfo("leds", "two blink rates", new SensorGeometry(16, 16), 100_000, static () => new BlinkRates());
        using var task = new SimulatedTask(info, new TaskOptions { Samples = 10, Sensor = Edge.Sim.Sensor.SensorParameters.Clean });
        Assert.Equal(["slow", "fast"], task.ClassNames);
        var counts = new long[2];
        while (task.MoveNext(out var segment))
        {
            counts[segment.Label] += Streams.ReadSegment(task).Count;
        }
        Assert.True(counts[1] > 2 * counts[0], $"fast {counts[1]} vs slow {counts[0]} events");
    }

    private sealed class BlinkRates : IStimulusSet
    {
        private readonly Edge.Sim.Scenes.BlinkingLedScene _led = new();

        public IReadOnlyList<string> ClassNames { get; } = ["slow", "fast"];

        public Edge.Sim.Scenes.IScene Prepare(int classIndex, Edge.Runtime.Rng random)
        {
            _led.FrequencyHz = classIndex == 0 ? 10 : 40;
            return _led;
        }
    }

    [Fact]
    public void The_same_seed_gives_the_same_labelled_stream()
    {
        static List<DvsEvent> Run(ulong seed)
        {
            using var task = TaskCatalog.Create("gestures", new TaskOptions { Samples = 4, Seed = seed, Sensor = Edge.Sim.Sensor.SensorParameters.Noisy });
            var all = new List<DvsEvent>();
            while (task.MoveNext(out _))
            {
                all.AddRange(Streams.ReadSegment(task));
            }
            return all;
        }

        Assert.Equal(Run(5), Run(5));
        Assert.NotEqual(Run(5), Run(6));
    }

    [Fact]
    public void A_real_time_task_delivers_the_same_segments_and_counts_what_a_slow_reader_loses()
    {
        using var source = TaskCatalog.Create("motion", new TaskOptions { Samples = 6, Seed = 3 }).StartRealTime(ringCapacity: 256);
        var segments = 0;
        var buffer = new DvsEvent[64];
        long delivered = 0;
        while (source.MoveNext(out var segment))
        {
            segments++;
            int n;
            while ((n = source.Read(buffer)) > 0)
            {
                Assert.All(buffer[..n], e => Assert.InRange(e.T, segment.StartUs, segment.EndUs - 1));
                delivered += n;
                Thread.Sleep(5); // slower than the sensor
            }
        }
        Assert.Equal(6, segments);
        Assert.True(delivered > 0);
        Assert.True(source.Health.EventsDropped > 0);
    }
}
