namespace Edge.Runtime.Events;

/// <summary>
/// Reads an inner source on a dedicated thread into a <see cref="EventRing"/>, so that a
/// live camera (or the real-time simulator) never waits for the learner and memory never grows.
/// When the consumer falls behind, events are dropped and counted (see <see cref="EventRing"/>).
/// </summary>
public sealed class BackgroundEventSource : IEventSource, IEventSourceHealth
{
    private readonly IEventSource _inner;
    private readonly EventRing _ring;
    private readonly Thread _reader;
    private readonly CancellationTokenSource _stop = new();
    private readonly int _chunk;
    private Exception? _failure;

    /// <summary>Starts reading <paramref name="inner"/> on a background thread.</summary>
    /// <param name="inner">The device or producer; owned and disposed by this source.</param>
    /// <param name="capacity">Ring capacity in events (allocated once).</param>
    /// <param name="chunk">Events read from the inner source per call (allocated once).</param>
    public BackgroundEventSource(IEventSource inner, int capacity = 1 << 20, int chunk = 4096)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(chunk);
        _inner = inner;
        _ring = new EventRing(capacity);
        _chunk = chunk;
        _reader = new Thread(ReadLoop) { IsBackground = true, Name = "edge-event-reader" };
        _reader.Start();
    }

    /// <inheritdoc />
    public SensorGeometry? Geometry => _inner.Geometry;

    /// <summary>The ring between the reader thread and the consumer (for its counters).</summary>
    public EventRing Ring => _ring;

    /// <inheritdoc />
    public StreamHealth Health
    {
        get
        {
            var inner = _inner is IEventSourceHealth h ? h.Health : default;
            return inner with { EventsDropped = inner.EventsDropped + _ring.Dropped };
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
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var n = _inner.Read(buffer);
                if (n == 0)
                {
                    break;
                }
                _ring.Write(buffer.AsSpan(0, n));
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

    /// <inheritdoc />
    public void Dispose()
    {
        // Wake a consumer blocked in Read first (it returns 0), then stop the device and the reader.
        _stop.Cancel();
        _ring.Dispose();
        _inner.Dispose();
        _reader.Join(TimeSpan.FromSeconds(2));
    }
}
