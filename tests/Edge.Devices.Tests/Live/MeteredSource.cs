using Edge.Runtime.Events;

namespace Edge.Devices.Tests.Live;

/// <summary>
/// Wraps a source and records, on the thread that reads it, how many events it produced and how
/// many bytes that thread allocated inside Read (after the first call).
/// </summary>
internal sealed class MeteredSource(IEventSource inner) : IEventSource
{
    private long _calls;

    public SensorGeometry? Geometry => inner.Geometry;

    public long Produced { get; private set; }

    public long AllocatedAfterFirstCall { get; private set; }

    public ManualResetEventSlim Ended { get; } = new(false);

    public int Read(Span<DvsEvent> destination)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        var n = inner.Read(destination);
        if (_calls++ > 0)
        {
            AllocatedAfterFirstCall += GC.GetAllocatedBytesForCurrentThread() - before;
        }
        Produced += n;
        if (n == 0)
        {
            Ended.Set();
        }
        return n;
    }

    public void Dispose()
    {
        inner.Dispose();
        Ended.Dispose();
    }
}
