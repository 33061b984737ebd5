using Edge.Host.Labels;

using Edge.Runtime.Events;
using Edge.TestSupport;

namespace Edge.Host.Tests.Labels;

public class LabelsTests
{
    [Fact]
    public void Names_are_numbered_in_sorted_order_unless_a_classes_line_fixes_them()
    {
        var sorted = LabelsFile.Parse("l.csv", ["start_us,end_us,label", "0,10,right", "10,20,left", "25,30,right"]);
        Assert.Equal(["left", "right"], sorted.ClassNames);
        Assert.Equal([new Segment(1, 0, 10), new Segment(0, 10, 20), new Segment(1, 25, 30)], sorted.Segments);

        var declared = LabelsFile.Parse("l.csv", ["# classes: right, left, up", "0,10,right", "10,20,2"]);
        Assert.Equal(["right", "left", "up"], declared.ClassNames);
        Assert.Equal([new Segment(0, 0, 10), new Segment(2, 10, 20)], declared.Segments);

        var numbers = LabelsFile.Parse("l.csv", ["# a comment", "", "0,10,3", "10,20,0"]);
        Assert.Equal(["0", "1", "2", "3"], numbers.ClassNames);
        Assert.Equal(3, numbers.Segments[0].Label);
    }

    [Theory]
    [InlineData("l.csv:2: expected start_us,end_us,label, found 2 fields", "0,10,a", "10,20")]
    [InlineData("l.csv:1: end_us 5 is not after start_us 10", "10,5,a")]
    [InlineData("l.csv:2: segment starts at 5 µs, before the previous one ends (10 µs)", "0,10,a", "5,20,b")]
    [InlineData("l.csv:1: start_us 'x' is not a whole number of microseconds", "x,10,a")]
    [InlineData("l.csv:2: label 'c' is not one of the classes (a, b)", "# classes: a,b", "0,10,c")]
    [InlineData("l.csv: no labelled segments", "# nothing")]
    public void A_bad_line_names_the_file_and_line(string message, params string[] lines)
    {
        var ex = Assert.Throws<UserInputException>(() => LabelsFile.Parse("l.csv", lines));
        Assert.StartsWith(message, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Segments_take_their_events_skip_the_gaps_and_allocate_nothing_per_read()
    {
        var events = new DvsEvent[50_000];
        for (var i = 0; i < events.Length; i++)
        {
            events[i] = new DvsEvent(i * 10L, (ushort)(i % 32), (ushort)(i % 17), (byte)(i & 1));
        }
        var lines = new List<string>();
        for (long start = 0; start < 500_000; start += 1000)
        {
            lines.Add($"{start},{start + 700},{start / 1000 % 3}"); // 70 events in, 30 skipped
        }
        var labels = LabelsFile.Parse("l.csv", lines);
        var buffer = new DvsEvent[64];
        long taken = 0, reads = 0, segments = 0, outside = 0;
        LabelledRecording? measured = null;
        var allocated = Allocations.Least(
            () =>
            {
                var stream = new LabelledRecording(new ArraySource(events, chunk: 333), new SensorGeometry(32, 32), labels, chunk: 256);
                Assert.True(stream.MoveNext(out _));
                Assert.Equal(64, stream.Read(buffer)); // warm-up
                (taken, reads, segments, outside) = (64, 1, 1, 0);
                return measured = stream;
            },
            stream =>
            {
                var segment = labels.Segments[0];
                while (true)
                {
                    var n = stream.Read(buffer);
                    reads++;
                    for (var i = 0; i < n; i++)
                    {
                        outside += buffer[i].T < segment.StartUs || buffer[i].T >= segment.EndUs ? 1 : 0;
                    }
                    taken += n;
                    if (n == 0)
                    {
                        if (!stream.MoveNext(out segment))
                        {
                            break;
                        }
                        segments++;
                    }
                }
            });
        Assert.Equal(0, allocated);
        Assert.Equal(0, outside);
        Assert.True(reads > 1000);
        Assert.Equal(500, segments);
        Assert.Equal(500 * 70, taken);
        Assert.Equal(events.Length - taken - 30, measured!.EventsSkipped); // the 30 after the last segment are never read
    }

    private sealed class ArraySource(DvsEvent[] events, int chunk) : IEventSource
    {
        private int _at;

        public SensorGeometry? Geometry => new SensorGeometry(32, 32);

        public int Read(Span<DvsEvent> destination)
        {
            var n = Math.Min(Math.Min(chunk, destination.Length), events.Length - _at);
            events.AsSpan(_at, n).CopyTo(destination);
            _at += n;
            return n;
        }

        public void Dispose()
        {
        }
    }
}
