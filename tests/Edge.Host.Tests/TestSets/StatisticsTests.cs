using Edge.Host.TestSets;
using Edge.Runtime.Events;
using Edge.TestSupport;

namespace Edge.Host.Tests.TestSets;

public sealed class StatisticsTests
{
    [Fact]
    public void An_event_is_isolated_unless_a_neighbour_fired_within_the_window()
    {
        var counter = new IsolatedEvents(new SensorGeometry(10, 10));
        counter.Add([
            new DvsEvent(0, 5, 5, 1),                                   // nothing before: isolated
            new DvsEvent(1_000, 6, 6, 0),                               // diagonal neighbour 1 ms before
            new DvsEvent(2_000, 6, 6, 1),                               // its own pixel does not count, but (5,5) is 2 ms back
            new DvsEvent(2_000 + IsolatedEvents.WindowUs + 1_001, 0, 0, 1), // far away: isolated
            new DvsEvent(50_000, 9, 9, 1),                              // corner, alone: isolated
        ]);
        Assert.Equal(3, counter.Isolated);
    }

    [Fact]
    public void The_real_nmnist_sample_measures_as_its_sources_file_says()
    {
        var sample = SharedData.Resolve("data", "samples", "nmnist", "sample_nmnist.bin");
        var stats = RecordingStatistics.OfFiles([sample], new SensorGeometry(34, 34));
        Assert.Equal(1, stats.Recordings);
        Assert.Equal(4325, stats.EventsMean);
        Assert.Equal(2145.0 / 4325, stats.OnFraction, 9);
        Assert.Equal((311_175 - 654) / 1000.0, stats.SpanMsMean, 6);
        Assert.InRange(stats.IsolatedFraction, 0.01, 0.1);
    }
}
