namespace Edge.Runtime.Events;

/// <summary>
/// A labelled source read as one continuous event stream: every segment in turn. For consumers that
/// do not care where segments start (recording, a live pacer, learning from windows a teacher
/// labels); the labels of the last <see cref="Remembered"/> segments stay known as a
/// <see cref="IClassTimeline"/> (the true class of a stretch of the stream).
/// </summary>
public sealed class ConcatenatedSegments : IEventSource, IEventSourceHealth, IClassTimeline
{
    /// <summary>Segments whose labels are kept for <see cref="ClassOf"/>.</summary>
    public const int Remembered = 64;

    private readonly ILabelledEventSource _labelled;
    private readonly Segment[] _recent = new Segment[Remembered];
    private long _seen;
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
            _inSegment = _labelled.MoveNext(out var segment);
            if (!_inSegment)
            {
                return 0;
            }
            _recent[_seen++ % Remembered] = segment;
        }
    }

    /// <inheritdoc />
    public IReadOnlyList<string> ClassNames => _labelled.ClassNames;

    /// <inheritdoc />
    /// <remarks>Call it from the thread that reads the stream.</remarks>
    public int ClassOf(long startUs, long endUs)
    {
        Span<long> covered = stackalloc long[Math.Min(_labelled.ClassCount, 1024)];
        covered.Clear();
        var seen = _seen;
        for (var k = Math.Max(0, seen - Remembered); k < seen; k++)
        {
            var s = _recent[k % Remembered];
            var overlap = Math.Min(endUs, s.EndUs) - Math.Max(startUs, s.StartUs);
            if (overlap > 0 && (uint)s.Label < (uint)covered.Length)
            {
                covered[s.Label] += overlap;
            }
        }
        var best = -1;
        for (var c = 0; c < covered.Length; c++)
        {
            if (covered[c] > 0 && (best < 0 || covered[c] > covered[best]))
            {
                best = c;
            }
        }
        return best;
    }

    /// <inheritdoc />
    public void Dispose() => _labelled.Dispose();
}
