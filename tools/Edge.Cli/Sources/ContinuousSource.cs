using Edge.Runtime.Events;

namespace Edge.Cli.Sources;

/// <summary>A labelled source read as one continuous stream: every segment in turn.</summary>
internal sealed class ContinuousSource(ILabelledEventSource labelled) : IEventSource, IEventSourceHealth
{
    private bool _inSegment;

    public SensorGeometry? Geometry => labelled.Geometry;

    public StreamHealth Health => labelled is IEventSourceHealth health ? health.Health : default;

    public int Read(Span<DvsEvent> destination)
    {
        while (true)
        {
            if (_inSegment)
            {
                var n = labelled.Read(destination);
                if (n > 0)
                {
                    return n;
                }
            }
            _inSegment = labelled.MoveNext(out _);
            if (!_inSegment)
            {
                return 0;
            }
        }
    }

    public void Dispose() => labelled.Dispose();
}
