using Edge.Runtime.Events;

namespace Edge.Runtime.Online;

/// <summary>
/// A built-in synthetic classification task: each class is a spatio-temporal spike pattern — a few
/// blobs of events at fixed offsets from a centre, each with its own polarity and its own on/off
/// schedule over the quarters of the segment — placed at a random position per sample, with
/// spatial jitter and background noise. Activity runs through the whole segment, and every class
/// emits the same number of events, so only the arrangement in space and time tells them apart.
/// Deterministic for a seed; allocates only when built.
/// </summary>
public sealed class SpikePatternTask : ILabelledEventSource
{
    private const int BlobsPerClass = 4;
    private static readonly int[] Schedules = [0b0011, 0b0101, 0b0110, 0b1001, 0b1010, 0b1100];
    private readonly Rng _rng;
    private readonly int _classes;
    private readonly long _durationUs;
    private readonly int _eventsPerBlob;
    private readonly int _noiseEvents;
    private readonly (int Dx, int Dy, byte P, int Schedule)[] _templates;
    private readonly DvsEvent[] _segment;
    private readonly int[] _order;
    private readonly int _samples;
    private int _produced;
    private int _count;
    private int _next;
    private long _clock;

    /// <summary>Creates the task.</summary>
    /// <param name="geometry">Sensor size (32×32 by default; a 1-row geometry gives a channel stream like SHD).</param>
    /// <param name="classes">Number of classes.</param>
    /// <param name="samples">Segments before the stream ends (balanced, shuffled per block of classes).</param>
    /// <param name="seed">Seed of the templates and of every draw.</param>
    /// <param name="durationUs">Segment length.</param>
    public SpikePatternTask(SensorGeometry geometry, int classes = 10, int samples = int.MaxValue, ulong seed = 1, long durationUs = 200_000)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 2);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(durationUs);
        Geometry = geometry;
        _classes = classes;
        _samples = samples;
        _durationUs = durationUs;
        _eventsPerBlob = 120;
        _noiseEvents = Math.Max(8, geometry.Pixels / 64);
        _rng = new Rng(seed);
        var names = new string[classes];
        _templates = new (int, int, byte, int)[classes * BlobsPerClass];
        var reach = Math.Max(1, Math.Min(6, Math.Min(geometry.Width, geometry.Height) / 5));
        for (var c = 0; c < classes; c++)
        {
            names[c] = "pattern-" + c.ToString(System.Globalization.CultureInfo.InvariantCulture);
            for (var k = 0; k < BlobsPerClass; k++)
            {
                // Active in two of the four quarters of the segment (6 possible schedules).
                var schedule = Schedules[_rng.NextInt(Schedules.Length)];
                _templates[(c * BlobsPerClass) + k] = (_rng.NextInt((2 * reach) + 1) - reach, geometry.Height == 1 ? 0 : _rng.NextInt((2 * reach) + 1) - reach,
                    (byte)_rng.NextInt(2), schedule);
            }
        }
        ClassNames = names;
        _segment = new DvsEvent[(BlobsPerClass * _eventsPerBlob) + _noiseEvents];
        _order = new int[classes];
        for (var i = 0; i < classes; i++)
        {
            _order[i] = i;
        }
    }

    /// <inheritdoc />
    public SensorGeometry Geometry { get; }

    /// <inheritdoc />
    public int ClassCount => _classes;

    /// <inheritdoc />
    public IReadOnlyList<string> ClassNames { get; }

    /// <inheritdoc />
    public bool MoveNext(out Segment segment)
    {
        if (_produced >= _samples)
        {
            segment = default;
            return false;
        }
        var slot = _produced % _classes;
        if (slot == 0)
        {
            _rng.Shuffle(_order.AsSpan());
        }
        var label = _order[slot];
        var start = _clock;
        Generate(label, start);
        _clock += _durationUs;
        _produced++;
        segment = new Segment(label, start, start + _durationUs);
        return true;
    }

    /// <inheritdoc />
    public int Read(Span<DvsEvent> destination)
    {
        var n = Math.Min(destination.Length, _count - _next);
        _segment.AsSpan(_next, n).CopyTo(destination);
        _next += n;
        return n;
    }

    private void Generate(int label, long start)
    {
        var w = Geometry.Width;
        var h = Geometry.Height;
        var margin = Math.Min(8, Math.Max(0, (Math.Min(w, h) / 2) - 1));
        var cx = margin + _rng.NextInt(Math.Max(1, w - (2 * margin)));
        var cy = h == 1 ? 0 : margin + _rng.NextInt(Math.Max(1, h - (2 * margin)));
        var n = 0;
        for (var k = 0; k < BlobsPerClass; k++)
        {
            var (dx, dy, p, schedule) = _templates[(label * BlobsPerClass) + k];
            var quarter = _durationUs / 4;
            for (var e = 0; e < _eventsPerBlob; e++)
            {
                var x = Math.Clamp(cx + dx + (int)Math.Round(_rng.NextNormal()), 0, w - 1);
                var y = h == 1 ? 0 : Math.Clamp(cy + dy + (int)Math.Round(_rng.NextNormal()), 0, h - 1);
                // The e-th event goes to one of the blob's two active quarters, uniformly inside it.
                var q = ActiveQuarter(schedule, e & 1);
                var te = (q * quarter) + (long)(_rng.NextDouble() * quarter);
                _segment[n++] = new DvsEvent(start + te, (ushort)x, (ushort)y, p);
            }
        }
        for (var e = 0; e < _noiseEvents; e++)
        {
            var te = (long)(_rng.NextDouble() * _durationUs);
            _segment[n++] = new DvsEvent(start + te, (ushort)_rng.NextInt(w), (ushort)_rng.NextInt(h), (byte)_rng.NextInt(2));
        }
        SortByTime(_segment.AsSpan(0, n));
        _count = n;
        _next = 0;
    }

    /// <summary>The <paramref name="which"/>-th (0 or 1) set bit of a 4-bit schedule.</summary>
    private static int ActiveQuarter(int schedule, int which)
    {
        for (var q = 0; q < 4; q++)
        {
            if ((schedule & (1 << q)) != 0 && which-- == 0)
            {
                return q;
            }
        }
        return 0;
    }

    /// <summary>Insertion sort by timestamp (stable, in place, no allocation; segments are small).</summary>
    private static void SortByTime(Span<DvsEvent> events)
    {
        for (var i = 1; i < events.Length; i++)
        {
            var e = events[i];
            var j = i - 1;
            while (j >= 0 && events[j].T > e.T)
            {
                events[j + 1] = events[j];
                j--;
            }
            events[j + 1] = e;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
    }
}
