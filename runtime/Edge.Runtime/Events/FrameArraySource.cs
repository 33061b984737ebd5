namespace Edge.Runtime.Events;

/// <summary>
/// Samples whose frames are already in memory (generated inputs for benchmarks and comparisons,
/// frames read back from a file): sample i has label <c>labels[i]</c> and its frames one after the
/// other in <c>frames[i]</c>. Read once, in order; <see cref="Rewind"/> starts again.
/// </summary>
public sealed class FrameArraySource : IFrameSource
{
    private readonly IReadOnlyList<float[]> _frames;
    private readonly IReadOnlyList<int> _labels;
    private int _sample = -1;
    private int _frame;

    /// <summary>Wraps <paramref name="frames"/> (each a whole number of frames of <paramref name="frameLength"/> values) and their labels.</summary>
    /// <exception cref="ArgumentException">The counts differ, or a sample is not a whole number of frames.</exception>
    public FrameArraySource(IReadOnlyList<float[]> frames, IReadOnlyList<int> labels, int frameLength)
    {
        ArgumentNullException.ThrowIfNull(frames);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(frameLength);
        if (frames.Count != labels.Count)
        {
            throw new ArgumentException($"{frames.Count} samples but {labels.Count} labels", nameof(labels));
        }
        foreach (var sample in frames)
        {
            if (sample.Length % frameLength != 0)
            {
                throw new ArgumentException($"a sample of {sample.Length} values is not a whole number of {frameLength}-value frames", nameof(frames));
            }
        }
        _frames = frames;
        _labels = labels;
        FrameLength = frameLength;
    }

    /// <inheritdoc />
    public int FrameLength { get; }

    /// <summary>Number of samples.</summary>
    public int Count => _frames.Count;

    /// <summary>The current sample: its label, and its index as the time span [i, i + 1).</summary>
    public Segment Current { get; private set; }

    /// <summary>Sum of the current sample's frame values read so far (event counts, for frames of counts).</summary>
    public long EventsInSample { get; private set; }

    /// <inheritdoc />
    public bool MoveNext()
    {
        if (_sample + 1 >= _frames.Count)
        {
            _sample = _frames.Count;
            return false;
        }
        _sample++;
        _frame = 0;
        EventsInSample = 0;
        Current = new Segment(_labels[_sample], _sample, _sample + 1L);
        return true;
    }

    /// <inheritdoc />
    public bool NextFrame(Span<float> destination)
    {
        var sample = _frames[_sample];
        var from = _frame * FrameLength;
        if (from >= sample.Length)
        {
            return false;
        }
        var frame = sample.AsSpan(from, FrameLength);
        frame.CopyTo(destination);
        _frame++;
        EventsInSample += (long)System.Numerics.Tensors.TensorPrimitives.Sum(frame);
        return true;
    }

    /// <summary>Starts again from the first sample.</summary>
    public void Rewind() => _sample = -1;
}
