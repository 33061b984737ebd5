namespace Edge.Runtime.Events;

/// <summary>A labelled stretch of an event stream: one sample of a classification task.</summary>
/// <param name="Label">Class index, 0-based.</param>
/// <param name="StartUs">First microsecond of the segment (inclusive).</param>
/// <param name="EndUs">End of the segment (exclusive).</param>
public readonly record struct Segment(int Label, long StartUs, long EndUs)
{
    /// <summary>Length of the segment in microseconds.</summary>
    public long DurationUs => EndUs - StartUs;
}

/// <summary>
/// A stream cut into labelled segments: a dataset, a labelled recording or a simulated task.
/// Move to a segment, then read its events until <see cref="Read"/> returns 0.
/// </summary>
public interface ILabelledEventSource : IDisposable
{
    /// <summary>Pixel array of every segment.</summary>
    SensorGeometry Geometry { get; }

    /// <summary>Number of classes; labels are 0 … ClassCount − 1.</summary>
    int ClassCount { get; }

    /// <summary>Human-readable class names (length <see cref="ClassCount"/>).</summary>
    IReadOnlyList<string> ClassNames { get; }

    /// <summary>Advances to the next segment; false at the end of the stream.</summary>
    bool MoveNext(out Segment segment);

    /// <summary>
    /// Fills <paramref name="destination"/> with the current segment's next events (time order)
    /// and returns the count; 0 at the end of the segment. Allocates nothing.
    /// </summary>
    int Read(Span<DvsEvent> destination);
}
