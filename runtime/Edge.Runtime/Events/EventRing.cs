namespace Edge.Runtime.Events;

/// <summary>
/// A fixed-capacity ring of events between one producer thread (a camera reader, a real-time
/// simulator) and one consumer (the learner). It never grows and never blocks the producer:
/// when the ring is full, the events that do not fit are dropped and counted (drop-newest), so
/// <c>Produced = Delivered + Dropped + Buffered</c> at any time.
/// </summary>
/// <remarks>
/// Drop-newest keeps what is already buffered contiguous in time, so a bin never mixes events
/// from before and after a gap it cannot see; the gap shows up in <see cref="Dropped"/>. The
/// consumer blocks in <see cref="Read"/> until events arrive or the producer completes.
/// Allocation happens only in the constructor.
/// </remarks>
public sealed class EventRing : IDisposable
{
    private readonly DvsEvent[] _ring;
    private readonly ManualResetEventSlim _available = new(false);
    private long _head; // next slot to read (consumer-owned)
    private long _tail; // next slot to write (producer-owned)
    private long _produced;
    private long _dropped;
    private volatile bool _completed;
    private volatile bool _disposed;

    /// <summary>Creates a queue holding at most <paramref name="capacity"/> events.</summary>
    public EventRing(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        _ring = new DvsEvent[capacity];
    }

    /// <summary>Maximum number of buffered events.</summary>
    public int Capacity => _ring.Length;

    /// <summary>Events offered by the producer so far.</summary>
    public long Produced => Interlocked.Read(ref _produced);

    /// <summary>Events dropped because the ring was full.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Events handed to the consumer so far.</summary>
    public long Delivered => Volatile.Read(ref _head);

    /// <summary>Events currently buffered.</summary>
    public int Buffered => (int)(Volatile.Read(ref _tail) - Volatile.Read(ref _head));

    /// <summary>True once the producer completed and every buffered event was read.</summary>
    public bool IsDrained => _completed && Buffered == 0;

    /// <summary>
    /// Producer side: appends as many events as fit and drops the rest. Returns how many were
    /// accepted. Never blocks.
    /// </summary>
    public int Write(ReadOnlySpan<DvsEvent> events)
    {
        var tail = _tail;
        var free = _ring.Length - (int)(tail - Volatile.Read(ref _head));
        var n = Math.Min(free, events.Length);
        var start = (int)(tail % _ring.Length);
        var first = Math.Min(n, _ring.Length - start);
        events[..first].CopyTo(_ring.AsSpan(start, first));
        events[first..n].CopyTo(_ring);
        Volatile.Write(ref _tail, tail + n);
        Interlocked.Add(ref _produced, events.Length);
        if (n < events.Length)
        {
            Interlocked.Add(ref _dropped, events.Length - n);
        }
        if (n > 0)
        {
            _available.Set();
        }
        return n;
    }

    /// <summary>Producer side: no more events will come.</summary>
    public void Complete()
    {
        _completed = true;
        _available.Set();
    }

    /// <summary>
    /// Consumer side: copies buffered events into <paramref name="destination"/>, blocking until
    /// at least one is available. Returns 0 once the producer completed and the ring is empty,
    /// when <paramref name="cancellation"/> fires, or once the ring is disposed.
    /// </summary>
    public int Read(Span<DvsEvent> destination, CancellationToken cancellation = default)
    {
        if (destination.IsEmpty || _disposed)
        {
            return 0;
        }
        while (true)
        {
            var head = _head;
            var available = (int)(Volatile.Read(ref _tail) - head);
            if (available > 0)
            {
                var n = Math.Min(available, destination.Length);
                var start = (int)(head % _ring.Length);
                var first = Math.Min(n, _ring.Length - start);
                _ring.AsSpan(start, first).CopyTo(destination);
                _ring.AsSpan(0, n - first).CopyTo(destination[first..]);
                Volatile.Write(ref _head, head + n);
                return n;
            }
            if (_completed)
            {
                // Re-check: the producer may have written between the two reads.
                if (Volatile.Read(ref _tail) == _head)
                {
                    return 0;
                }
                continue;
            }
            _available.Reset();
            if (Volatile.Read(ref _tail) != _head || _completed)
            {
                continue;
            }
            if (_disposed)
            {
                return 0;
            }
            try
            {
                _available.Wait(cancellation);
            }
            catch (OperationCanceledException)
            {
                return 0;
            }
        }
    }

    /// <summary>
    /// Ends the ring: a consumer blocked in <see cref="Read"/> wakes and gets 0, and every later
    /// Read returns 0. The wait handle is left to the garbage collector so that a consumer still
    /// inside Read on another thread never touches a disposed object.
    /// </summary>
    public void Dispose()
    {
        _disposed = true;
        _completed = true;
        _available.Set();
    }
}
