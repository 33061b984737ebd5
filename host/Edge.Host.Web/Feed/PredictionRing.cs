using Edge.Host.Runs;

namespace Edge.Host.Web.Feed;

/// <summary>One window's prediction as the page keeps it.</summary>
internal struct PredictionCopy
{
    public long StartUs;
    public long EndUs;
    public int Class;
    public float Confidence;
    public int Label;
    public int Truth;
    public bool Learned;
    public float LatencyMs;
}

/// <summary>
/// The last predictions of the run, copied on the learner's thread into fixed arrays (no
/// allocation) and read in order by the page's thread; a reader that fell behind by more than the
/// capacity loses the oldest, and an entry overwritten while it was read is discarded.
/// </summary>
internal sealed class PredictionRing
{
    private readonly PredictionCopy[] _items;
    private readonly float[] _scores;
    private readonly int _classes;
    private long _written;

    public PredictionRing(int capacity, int classes)
    {
        _items = new PredictionCopy[capacity];
        _scores = new float[capacity * classes];
        _classes = classes;
    }

    /// <summary>Predictions written so far.</summary>
    public long Written => Volatile.Read(ref _written);

    /// <summary>Copies <paramref name="prediction"/> in (the learner's thread).</summary>
    public void Add(in WindowPrediction prediction)
    {
        var n = _written;
        var slot = (int)(n % _items.Length);
        ref var item = ref _items[slot];
        item.StartUs = prediction.StartUs;
        item.EndUs = prediction.EndUs;
        item.Class = prediction.Class;
        item.Confidence = prediction.Confidence;
        item.Label = prediction.Label;
        item.Truth = prediction.Truth;
        item.Learned = prediction.Learned;
        item.LatencyMs = (float)prediction.LatencyMs;
        var scores = prediction.Scores;
        var to = _scores.AsSpan(slot * _classes, _classes);
        scores[..Math.Min(scores.Length, _classes)].CopyTo(to);
        Volatile.Write(ref _written, n + 1);
    }

    /// <summary>
    /// Copies prediction number <paramref name="index"/> and its scores out (the page's thread);
    /// false when it was overwritten (before or while it was read) or is not written yet.
    /// </summary>
    public bool TryGet(long index, out PredictionCopy copy, Span<float> scores)
    {
        var slot = (int)(index % _items.Length);
        copy = _items[slot];
        _scores.AsSpan(slot * _classes, _classes).CopyTo(scores);
        Interlocked.MemoryBarrier();
        var written = Written;
        return index < written && written - index < _items.Length;
    }
}
