using Edge.Host.Windows;
using Edge.Runtime.Events;

namespace Edge.Host.Tests.Windows;

public sealed class StreamWindowsTests
{
    [Fact]
    public void Fixed_windows_follow_each_other_from_the_first_event_and_skip_silences()
    {
        // Events at 1 ms steps from t = 5 000 to 15 000 µs, then a silence, then 60 000 … 61 000.
        var events = Events([.. Range(5_000, 15_000, 1_000), .. Range(60_000, 61_000, 500)]);
        using var windows = new StreamWindows(new ArraySource(events), new SensorGeometry(4, 4), ["a", "b"], new WindowOptions { DurationUs = 4_000 }, new Taught(1));

        var seen = Drain(windows);

        Assert.Equal([(5_000L, 9_000L, 4), (9_000, 13_000, 4), (13_000, 17_000, 2), (57_000, 61_000, 2)],
            seen.Select(s => (s.Segment.StartUs, s.Segment.EndUs, s.Events)));
        Assert.All(seen, s => Assert.Equal(1, s.Segment.Label));
    }

    [Fact]
    public void Automatic_windows_run_while_the_event_rate_is_above_the_threshold()
    {
        // 10 ms bins: quiet (2 events), busy (20), busy (20), quiet (1), busy (40), then the end.
        var events = Events([.. Range(0, 10_000, 5_000), .. Range(10_000, 30_000, 500), .. Range(35_000, 36_000, 1_000), .. Range(40_000, 50_000, 250)]);
        var options = new WindowOptions { Auto = true, RateEventsPerS = 2_000 }; // 20 events per 10 ms bin
        using var windows = new StreamWindows(new ArraySource(events), new SensorGeometry(4, 4), ["a", "b"], options, new Taught(-1));

        var seen = Drain(windows);

        Assert.Equal([(10_000L, 30_000L), (40_000L, 50_000L)], seen.Select(s => (s.Segment.StartUs, s.Segment.EndUs)));
        Assert.Equal(40, seen[0].Events);
        Assert.Equal(40, seen[1].Events);
        Assert.Equal(3, windows.EventsSkipped);
        Assert.All(seen, s => Assert.Equal(-1, s.Segment.Label));
    }

    [Fact]
    public void An_automatic_window_ends_at_its_maximum_length()
    {
        var events = Events([.. Range(0, 100_000, 100)]);
        var options = new WindowOptions { Auto = true, RateEventsPerS = 1_000, MaxDurationUs = 30_000 };
        using var windows = new StreamWindows(new ArraySource(events), new SensorGeometry(4, 4), ["a", "b"], options, new Taught(0));

        var seen = Drain(windows);

        Assert.All(seen, s => Assert.True(s.Segment.DurationUs <= 30_000));
        Assert.Equal(1000, seen.Sum(s => s.Events) + windows.EventsSkipped);
    }

    private static IEnumerable<long> Range(long from, long to, long step)
    {
        for (var t = from; t < to; t += step)
        {
            yield return t;
        }
    }

    private static DvsEvent[] Events(long[] times) => [.. times.Select(t => new DvsEvent(t, 1, 1, 1))];

    private static List<(Segment Segment, int Events)> Drain(StreamWindows windows)
    {
        var seen = new List<(Segment, int)>();
        var buffer = new DvsEvent[7];
        while (windows.MoveNext(out var segment))
        {
            var count = 0;
            int n;
            while ((n = windows.Read(buffer)) > 0)
            {
                Assert.All(buffer[..n], e => Assert.InRange(e.T, segment.StartUs, segment.EndUs - 1));
                count += n;
            }
            seen.Add((segment, count));
        }
        return seen;
    }

    private sealed class Taught(int label) : IWindowLabels
    {
        public int Current => label;
    }

    private sealed class ArraySource(DvsEvent[] events) : IEventSource
    {
        private int _at;

        public SensorGeometry? Geometry => new SensorGeometry(4, 4);

        public int Read(Span<DvsEvent> destination)
        {
            var n = Math.Min(3, Math.Min(destination.Length, events.Length - _at));
            events.AsSpan(_at, n).CopyTo(destination);
            _at += n;
            return n;
        }

        public void Dispose()
        {
        }
    }
}
