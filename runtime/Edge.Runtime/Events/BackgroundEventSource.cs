namespace Edge.Runtime.Events;

/// <summary>
/// Reads an inner source on a dedicated thread into a <see cref="EventRing"/>, so that a
/// live camera (or the real-time simulator) never waits for the learner and memory never grows.
/// When the consumer falls behind, events are dropped and counted (see <see cref="EventRing"/>).
/// </summary>
/// <remarks>
/// Given a way to open the source again, a source that is lost — its read fails (an unplugged
/// serial adapter, a reset connection) or its stream ends (a hung-up socket, a FIFO whose writer
/// went away) — is closed and opened again with the waits of a <see cref="ReopenPolicy"/>, for as
/// long as the consumer reads; the consumer just sees a pause. Event times of the new stream are
/// shifted to continue after the last event delivered, so time never runs backwards. Without one,
/// the end of the inner source ends this one and a failure is thrown to the consumer.
/// </remarks>
public sealed class BackgroundEventSource : IEventSource, IEventSourceHealth
{
    private readonly Func<IEventSource>? _reopen;
    private readonly ReopenPolicy _policy;
    private readonly Action<string>? _report;
    private readonly EventRing _ring;
    private readonly Thread _reader;
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _gate = new();
    private readonly int _chunk;
    private volatile IEventSource _inner;
    private Exception? _failure;
    private long _reopens;
    private StreamHealth _lost;
    private bool _disposed;

    /// <summary>Starts reading <paramref name="inner"/> on a background thread; its end ends this source.</summary>
    /// <param name="inner">The device or producer; owned and disposed by this source.</param>
    /// <param name="capacity">Ring capacity in events (allocated once).</param>
    /// <param name="chunk">Events read from the inner source per call (allocated once).</param>
    public BackgroundEventSource(IEventSource inner, int capacity = 1 << 20, int chunk = 4096)
        : this(inner, reopen: null, capacity, chunk)
    {
    }

    /// <summary>Starts reading <paramref name="inner"/> on a background thread, opening it again with <paramref name="reopen"/> when it is lost.</summary>
    /// <param name="inner">The device or producer; owned and disposed by this source.</param>
    /// <param name="reopen">Opens the device again (it may throw while the device is absent); null: the inner source's end is the end.</param>
    /// <param name="capacity">Ring capacity in events (allocated once).</param>
    /// <param name="chunk">Events read from the inner source per call (allocated once).</param>
    /// <param name="policy">The waits between attempts; null for <see cref="ReopenPolicy.Default"/>.</param>
    /// <param name="report">Told, on the reader thread, when the source is lost and when it is back (one line each, not per attempt).</param>
    public BackgroundEventSource(IEventSource inner, Func<IEventSource>? reopen, int capacity = 1 << 20, int chunk = 4096,
        ReopenPolicy? policy = null, Action<string>? report = null)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(chunk);
        _inner = inner;
        _reopen = reopen;
        _policy = policy ?? ReopenPolicy.Default;
        _report = report;
        _ring = new EventRing(capacity);
        _chunk = chunk;
        Geometry = inner.Geometry;
        _reader = new Thread(ReadLoop) { IsBackground = true, Name = "edge-event-reader" };
        _reader.Start();
    }

    /// <inheritdoc />
    public SensorGeometry? Geometry { get; }

    /// <summary>The ring between the reader thread and the consumer (for its counters).</summary>
    public EventRing Ring => _ring;

    /// <summary>Times the source was lost and opened again.</summary>
    public long Reopens => Interlocked.Read(ref _reopens);

    /// <inheritdoc />
    public StreamHealth Health
    {
        get
        {
            var inner = _inner is IEventSourceHealth h ? h.Health : default;
            var lost = _lost;
            return new StreamHealth(
                inner.EventsDropped + lost.EventsDropped + _ring.Dropped,
                inner.WordsSkipped + lost.WordsSkipped,
                inner.BytesSkipped + lost.BytesSkipped,
                inner.TimestampWraps + lost.TimestampWraps,
                inner.TimestampRepairs + lost.TimestampRepairs,
                inner.EventsOutOfOrder + lost.EventsOutOfOrder,
                Reopens);
        }
    }

    /// <inheritdoc />
    public int Read(Span<DvsEvent> destination)
    {
        var n = _ring.Read(destination, _stop.Token);
        if (n == 0 && _failure is not null)
        {
            // Surface the reader's failure (a damaged stream, a lost device) on the consumer's thread.
            var failure = _failure;
            _failure = null;
            throw failure is EventStreamException or DeviceUnavailableException
                ? failure
                : new EventStreamException($"event reader failed: {failure.Message}", failure);
        }
        return n;
    }

    private void ReadLoop()
    {
        var buffer = new DvsEvent[_chunk];
        var last = long.MinValue;
        var shift = 0L;
        var rebase = false;
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                int n;
                string? lost = null;
                try
                {
                    n = _inner.Read(buffer);
                }
                catch (Exception ex) when (_reopen is not null && ex is not OutOfMemoryException)
                {
                    n = 0;
                    lost = ex.Message.ReplaceLineEndings(" ");
                }
                if (n > 0)
                {
                    var events = buffer.AsSpan(0, n);
                    if (rebase)
                    {
                        // The new stream's clock starts anywhere: continue right after the last event delivered.
                        shift = last == long.MinValue ? 0 : last + 1 - events[0].T;
                        rebase = false;
                    }
                    if (shift != 0)
                    {
                        for (var i = 0; i < events.Length; i++)
                        {
                            var e = events[i];
                            events[i] = new DvsEvent(e.T + shift, e.X, e.Y, e.P);
                        }
                    }
                    last = events[^1].T;
                    _ring.Write(events);
                    continue;
                }
                if (_reopen is null || !Reopen(lost ?? "its stream ended"))
                {
                    break;
                }
                rebase = true;
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            _failure = ex;
        }
        finally
        {
            _ring.Complete();
        }
    }

    /// <summary>Closes the lost source and opens it again, waiting longer after each failure; false when stopping.</summary>
    private bool Reopen(string why)
    {
        var old = _inner;
        if (old is IEventSourceHealth health)
        {
            var h = health.Health;
            _lost = _lost with
            {
                EventsDropped = _lost.EventsDropped + h.EventsDropped,
                WordsSkipped = _lost.WordsSkipped + h.WordsSkipped,
                BytesSkipped = _lost.BytesSkipped + h.BytesSkipped,
                TimestampWraps = _lost.TimestampWraps + h.TimestampWraps,
                TimestampRepairs = _lost.TimestampRepairs + h.TimestampRepairs,
                EventsOutOfOrder = _lost.EventsOutOfOrder + h.EventsOutOfOrder,
            };
        }
        old.Dispose();
        _report?.Invoke($"source lost ({why}); opening it again, first in {_policy.FirstDelay.TotalSeconds:0.###} s, then at most every {_policy.MaxDelay.TotalSeconds:0.###} s");
        var delay = _policy.FirstDelay;
        var attempts = 0;
        while (!_stop.Token.WaitHandle.WaitOne(delay))
        {
            attempts++;
            IEventSource fresh;
            try
            {
                fresh = _reopen!();
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                delay = _policy.Next(delay);
                continue;
            }
            lock (_gate)
            {
                if (_disposed)
                {
                    fresh.Dispose();
                    return false;
                }
                _inner = fresh;
            }
            Interlocked.Increment(ref _reopens);
            _report?.Invoke($"source open again after {attempts} attempt(s)");
            return true;
        }
        return false;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        // Wake a consumer blocked in Read first (it returns 0), then stop the device and the reader.
        _stop.Cancel();
        _ring.Dispose();
        IEventSource inner;
        lock (_gate)
        {
            _disposed = true;
            inner = _inner;
        }
        inner.Dispose();
        _reader.Join(TimeSpan.FromSeconds(2));
    }
}
