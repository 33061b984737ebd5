namespace Edge.Runtime.Events;

/// <summary>
/// A labelled source read as one continuous event stream: every segment in turn, labels dropped.
/// For consumers that do not care where segments start (recording, a live pacer, unlabelled learning).
/// </summary>
public sealed class ConcatenatedSegments : IEventSource, IEventSourceHealth
{
    private readonly ILabelledEventSource _labelled;
    private bool _inSegment;

    /// <summary>Wraps <paramref name="labelled"/> (owned: disposed with this stream).</summary>
    public ConcatenatedSegments(ILabelledEventSource labelled)
    {
        ArgumentNullException.ThrowIfNull(labelled);
        _labelled = labelled;
    }

    /// <inheritdoc />
    public SensorGeometry? Geometry => _labelled.Geometry;

    /// <inheritdoc />
    public StreamHealth Health => _labelled is IEventSourceHealth health ? health.Health : default;

    /// <inheritdoc />
    public int Read(Span<DvsEvent> destination)
    {
        while (true)
        {
            if (_inSegment)
            {
                var n = _labelled.Read(destination);
                if (n > 0)
                {
                    return n;
                }
            }
            _inSegment = _labelled.MoveNext(out _);
            if (!_inSegment)
            {
                return 0;
            }
        }
    }

    /// <inheritdoc />
    public void Dispose() => _labelled.Dispose();
}
