using Edge.Drivers.Datasets;
using Edge.Drivers.Formats;
using Edge.Runtime.Events;

namespace Edge.Host.TestSets;

/// <summary>
/// Statistics of a set of recordings, measured the same way on a generated set and on a real
/// sample: events per recording, the ON share, the isolated-event share (noise, see
/// <see cref="IsolatedEvents"/>) and the time each recording spans.
/// </summary>
/// <param name="Recordings">Recordings (labelled samples) measured.</param>
/// <param name="EventsMean">Mean events per recording.</param>
/// <param name="EventsStd">Standard deviation of the events per recording.</param>
/// <param name="EventsMin">Fewest events in a recording.</param>
/// <param name="EventsMax">Most events in a recording.</param>
/// <param name="OnFraction">ON events ÷ all events.</param>
/// <param name="IsolatedFraction">Isolated events ÷ all events.</param>
/// <param name="SpanMsMean">Mean time from a recording's first to its last event, in ms.</param>
public sealed record RecordingStatistics(
    int Recordings,
    double EventsMean,
    double EventsStd,
    long EventsMin,
    long EventsMax,
    double OnFraction,
    double IsolatedFraction,
    double SpanMsMean)
{
    /// <summary>ON events per OFF event; null when there are no OFF events (one-polarity spikes, as in SHD).</summary>
    public double? OnOffRatio => OnFraction < 1 ? OnFraction / (1 - OnFraction) : null;

    /// <summary>Measures every sample of <paramref name="dataset"/> (its natural order).</summary>
    public static RecordingStatistics Of(EventDataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        var builder = new Builder(dataset.Geometry);
        var buffer = new DvsEvent[8192];
        dataset.SetOrder(Identity(dataset.Count));
        while (dataset.MoveNext(out _))
        {
            builder.Begin();
            for (int n; (n = dataset.Read(buffer)) > 0;)
            {
                builder.Add(buffer.AsSpan(0, n));
            }
            builder.End();
        }
        return builder.Result();
    }

    /// <summary>Measures event files, one recording each, on a sensor of <paramref name="geometry"/>.</summary>
    public static RecordingStatistics OfFiles(IReadOnlyList<string> files, SensorGeometry geometry)
    {
        ArgumentNullException.ThrowIfNull(files);
        var builder = new Builder(geometry);
        var buffer = new DvsEvent[8192];
        foreach (var file in files)
        {
            using var reader = EventFile.OpenRead(file);
            builder.Begin();
            for (int n; (n = reader.Read(buffer)) > 0;)
            {
                builder.Add(buffer.AsSpan(0, n));
            }
            builder.End();
        }
        return builder.Result();
    }

    private static int[] Identity(int count)
    {
        var order = new int[count];
        for (var i = 0; i < count; i++)
        {
            order[i] = i;
        }
        return order;
    }

    private sealed class Builder(SensorGeometry geometry)
    {
        private readonly IsolatedEvents _isolated = new(geometry);
        private readonly List<long> _counts = [];
        private long _on;
        private long _all;
        private double _spanUs;
        private long _events;
        private long _first;
        private long _last;

        public void Begin()
        {
            _isolated.Restart();
            _events = 0;
        }

        public void Add(ReadOnlySpan<DvsEvent> events)
        {
            if (events.IsEmpty)
            {
                return;
            }
            if (_events == 0)
            {
                _first = events[0].T;
            }
            _last = events[^1].T;
            _events += events.Length;
            foreach (var e in events)
            {
                _on += e.P != 0 ? 1 : 0;
            }
            _isolated.Add(events);
        }

        public void End()
        {
            _counts.Add(_events);
            _all += _events;
            _spanUs += _events > 0 ? _last - _first : 0;
        }

        public RecordingStatistics Result()
        {
            if (_counts.Count == 0)
            {
                throw new InvalidOperationException("no recordings to measure");
            }
            var mean = (double)_all / _counts.Count;
            var variance = 0.0;
            long min = long.MaxValue, max = 0;
            foreach (var c in _counts)
            {
                variance += (c - mean) * (c - mean);
                min = Math.Min(min, c);
                max = Math.Max(max, c);
            }
            return new RecordingStatistics(_counts.Count, mean, Math.Sqrt(variance / _counts.Count), min, max,
                _all > 0 ? (double)_on / _all : 0, _all > 0 ? (double)_isolated.Isolated / _all : 0, _spanUs / _counts.Count / 1000);
        }
    }
}
