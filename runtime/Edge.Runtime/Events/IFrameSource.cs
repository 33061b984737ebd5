namespace Edge.Runtime.Events;

/// <summary>
/// Samples as network input frames: move to a sample, then take its frames one at a time. A live
/// stream cut into windows, a labelled recording and a dataset split all look like this to the
/// sample loop. Implementations allocate nothing per frame.
/// </summary>
public interface IFrameSource
{
    /// <summary>Values per frame (the network's input size).</summary>
    int FrameLength { get; }

    /// <summary>The current sample: its label (−1 when it has none) and its time span in the stream.</summary>
    Segment Current { get; }

    /// <summary>Events of the current sample binned into frames so far.</summary>
    long EventsInSample { get; }

    /// <summary>Moves to the next sample; false at the end of the source.</summary>
    bool MoveNext();

    /// <summary>Writes the next frame of the current sample into <paramref name="destination"/>; false when the sample has no more.</summary>
    bool NextFrame(Span<float> destination);
}
