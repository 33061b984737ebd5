using Edge.Accelerator.Inputs;
using Edge.Runtime.Events;

namespace Edge.Accelerator.Tests.Inputs;

public class FixedWindowSegmentsTests
{
    private sealed class ListSource(DvsEvent[] events) : IEventSource
    {
        private int _next;

        public SensorGeometry? Geometry => new SensorGeometry(4, 4);

        public int Read(Span<DvsEvent> destination)
        {
            var n = Math.Min(Math.Min(destination.Length, 3), events.Length - _next); // small chunks cross windows
            events.AsSpan(_next, n).CopyTo(destination);
            _next += n;
            return n;
        }

        public void Dispose()
        {
        }
    }

    [Fact]
    public void An_unlabelled_stream_becomes_consecutive_windows_of_class_zero()
    {
        long[] times = [100, 150, 1099, 1100, 1500, 4200, 4300];
        var events = times.Select(t => new DvsEvent(t, 1, 1, 1)).ToArray();
        using var windows = new FixedWindowSegments(new ListSource(events), 1000);
        var buffer = new DvsEvent[8];
        var seen = new List<(Segment, long[])>();
        while (windows.MoveNext(out var segment))
        {
            var got = new List<long>();
            int n;
            while ((n = windows.Read(buffer)) > 0)
            {
                got.AddRange(buffer.Take(n).Select(e => e.T));
            }
            seen.Add((segment, got.ToArray()));
        }
        Assert.Equal(3, seen.Count); // the empty window 2100…3100 is skipped
        Assert.Equal([new Segment(0, 100, 1100), new Segment(0, 1100, 2100), new Segment(0, 4100, 5100)], seen.Select(s => s.Item1));
        Assert.Equal([100, 150, 1099], seen[0].Item2);
        Assert.Equal([1100, 1500], seen[1].Item2);
        Assert.Equal([4200, 4300], seen[2].Item2);
        Assert.Equal(["unlabelled"], windows.ClassNames);
    }
}
