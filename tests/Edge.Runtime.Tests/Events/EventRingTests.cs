using Edge.Runtime.Events;

namespace Edge.Runtime.Tests.Events;

public class EventRingTests
{
    [Fact]
    public void A_producer_faster_than_its_consumer_drops_and_every_event_is_accounted_for()
    {
        using var ring = new EventRing(1000);
        var chunk = new DvsEvent[300];
        var read = new DvsEvent[64];
        long delivered = 0;
        var producer = new Thread(() =>
        {
            for (var i = 0; i < 2000; i++)
            {
                for (var k = 0; k < chunk.Length; k++)
                {
                    chunk[k] = new DvsEvent((i * 300) + k, 1, 1, 1);
                }
                ring.Write(chunk);
            }
            ring.Complete();
        });
        producer.Start();
        long lastT = -1;
        int n;
        while ((n = ring.Read(read)) > 0)
        {
            for (var k = 0; k < n; k++)
            {
                Assert.True(read[k].T > lastT, "events stay in time order");
                lastT = read[k].T;
            }
            delivered += n;
            Thread.SpinWait(2000); // a slow consumer
        }
        producer.Join();
        Assert.Equal(2000L * 300, ring.Produced);
        Assert.True(ring.Dropped > 0, "the slow consumer made the ring drop");
        Assert.Equal(ring.Produced, delivered + ring.Dropped);
        Assert.Equal(delivered, ring.Delivered);
    }

    [Fact]
    public void Reading_and_writing_allocate_nothing()
    {
        using var ring = new EventRing(128);
        var chunk = new DvsEvent[50];
        var read = new DvsEvent[40];
        ring.Write(chunk);
        ring.Read(read);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 10_000; i++)
        {
            ring.Write(chunk);
            while (ring.Buffered > 0)
            {
                ring.Read(read);
            }
        }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Disposing_wakes_a_blocked_reader_which_then_reads_nothing()
    {
        var ring = new EventRing(16);
        var result = -1;
        var reader = new Thread(() => result = ring.Read(new DvsEvent[4]));
        reader.Start();
        Thread.Sleep(50);
        ring.Dispose();
        Assert.True(reader.Join(TimeSpan.FromSeconds(10)), "the blocked reader woke up");
        Assert.Equal(0, result);
        Assert.Equal(0, ring.Read(new DvsEvent[4]));
    }
}
