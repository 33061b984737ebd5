namespace Edge.Runtime.Learning.Flow;

/// <summary>
/// The events of a flow sample in the coordinates of the network's flow map, for the
/// self-supervised loss: continuous position (pixel centres at integers), time from 0 (the
/// sample's start) to 1 (its end), polarity ±1. Holds up to <see cref="Capacity"/> events, an
/// unbiased subsample when the sample had more; allocated once.
/// </summary>
public sealed class FlowEvents
{
    /// <summary>Room for <paramref name="capacity"/> events.</summary>
    public FlowEvents(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        X = new float[capacity];
        Y = new float[capacity];
        T = new float[capacity];
        P = new float[capacity];
    }

    /// <summary>Events held at most.</summary>
    public int Capacity => X.Length;

    /// <summary>Events held.</summary>
    public int Count { get; private set; }

    /// <summary>Column, continuous (0 is the first pixel's centre).</summary>
    public float[] X { get; }

    /// <summary>Row, continuous.</summary>
    public float[] Y { get; }

    /// <summary>Time in the sample, 0 … 1.</summary>
    public float[] T { get; }

    /// <summary>Polarity, +1 (ON) or −1 (OFF).</summary>
    public float[] P { get; }

    /// <summary>Forgets every event.</summary>
    public void Clear() => Count = 0;

    /// <summary>Adds an event; false when full.</summary>
    public bool Add(float x, float y, float t, bool on)
    {
        if (Count == Capacity)
        {
            return false;
        }
        X[Count] = x;
        Y[Count] = y;
        T[Count] = t;
        P[Count] = on ? 1f : -1f;
        Count++;
        return true;
    }
}
