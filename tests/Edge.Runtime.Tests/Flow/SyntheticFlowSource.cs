using Edge.Runtime.Events;

namespace Edge.Runtime.Tests.Flow;

/// <summary>
/// A flow source for tests: segments of <see cref="SegmentUs"/> with random events (seeded) and,
/// for even segments, a known flow that depends on the pixel (x displacement = column/4, y = −row/8;
/// NaN in the first sensor row); odd segments have no truth.
/// </summary>
internal sealed class SyntheticFlowSource(SensorGeometry geometry, int segments, int eventsPerSegment, ulong seed) : IFlowEventSource
{
    private readonly Rng _rng = new(seed);
    private int _index = -1;
    private int _emitted;

    public const long SegmentUs = 10_000;

    public SensorGeometry Geometry => geometry;

    public int ClassCount => 1;

    public IReadOnlyList<string> ClassNames { get; } = ["synthetic"];

    public bool MoveNext(out Segment segment)
    {
        if (++_index >= segments)
        {
            segment = default;
            return false;
        }
        _emitted = 0;
        segment = new Segment(0, _index * SegmentUs, (_index + 1) * SegmentUs);
        return true;
    }

    public int Read(Span<DvsEvent> destination)
    {
        var n = 0;
        while (n < destination.Length && _emitted < eventsPerSegment)
        {
            var t = (_index * SegmentUs) + (_emitted * SegmentUs / eventsPerSegment);
            destination[n++] = new DvsEvent(t, _rng.NextInt(geometry.Width), _rng.NextInt(geometry.Height), _rng.NextDouble() < 0.5);
            _emitted++;
        }
        return n;
    }

    public bool TrueFlow(Span<float> flow)
    {
        if (_index % 2 == 1)
        {
            return false;
        }
        var plane = geometry.Pixels;
        for (var y = 0; y < geometry.Height; y++)
        {
            for (var x = 0; x < geometry.Width; x++)
            {
                var p = (y * geometry.Width) + x;
                flow[p] = y == 0 ? float.NaN : x / 4f;
                flow[plane + p] = y == 0 ? float.NaN : -y / 8f;
            }
        }
        return true;
    }

    public void Dispose()
    {
    }
}
