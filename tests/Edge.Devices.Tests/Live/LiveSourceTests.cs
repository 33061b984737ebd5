using Edge.Devices.Cameras.Edvs;
using Edge.Devices.Tests.Edvs;
using Edge.Runtime.Events;

namespace Edge.Devices.Tests.Live;

/// <summary>
/// A live camera never waits for the learner and never grows: the eDVS (over loopback TCP) is
/// read on BackgroundEventSource's thread into a ring allocated once; what does not fit is
/// dropped and counted.
/// </summary>
public class LiveSourceTests
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(30);

    [Fact]
    public void A_camera_faster_than_its_consumer_drops_newest_and_the_counts_add_up()
    {
        const int capacity = 4096;
        var recording = EdvsRecording.Create(EdvsEventFormat.E2, count: 100_000, startUs: 0, seed: 3);
        using var module = new EdvsTcpTests.LoopbackEdvsModule(recording.Bytes, chunk: 4096);
        var camera = new MeteredSource(EdvsEventSource.OpenTcp("127.0.0.1", module.Port));
        using var live = new BackgroundEventSource(camera, capacity: capacity, chunk: 1024);

        // The consumer is stalled until the camera has sent everything: the ring fills and drops.
        Assert.True(module.Board.RecordingSent.Wait(Guard));
        module.HangUp();
        Assert.True(camera.Ended.Wait(Guard), "the camera reader did not see the end of the stream");

        var buffer = new DvsEvent[1000];
        long read = live.Read(buffer); // the first call warms up the code path
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (int n; (n = live.Read(buffer)) > 0;)
        {
            read += n;
        }
        var consumerAllocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(recording.Events.Length, camera.Produced);
        Assert.Equal(capacity, read);
        Assert.Equal(camera.Produced - capacity, live.Ring.Dropped);
        Assert.Equal(read + live.Ring.Dropped, camera.Produced);
        Assert.Equal(live.Ring.Dropped, live.Health.EventsDropped);
        Assert.Equal(capacity, live.Ring.Capacity);
        Assert.Equal(0, camera.AllocatedAfterFirstCall);
        Assert.Equal(0, consumerAllocated);
    }

    [Fact]
    public async Task A_slow_consumer_reading_while_the_camera_streams_loses_nothing_uncounted()
    {
        var recording = EdvsRecording.Create(EdvsEventFormat.E3, count: 60_000, startUs: 0, seed: 4);
        using var module = new EdvsTcpTests.LoopbackEdvsModule(recording.Bytes, chunk: 2048);
        var camera = new MeteredSource(EdvsEventSource.OpenTcp("127.0.0.1", module.Port, new EdvsOptions { Format = EdvsEventFormat.E3 }));
        using var live = new BackgroundEventSource(camera, capacity: 2048, chunk: 512);

        var consumer = Task.Run(() =>
        {
            var read = 0L;
            var buffer = new DvsEvent[256];
            var last = long.MinValue;
            for (int n; (n = live.Read(buffer)) > 0;)
            {
                read += n;
                foreach (var e in buffer.AsSpan(0, n))
                {
                    Assert.True(e.T >= last);
                    last = e.T;
                }
                Thread.Sleep(1); // the learner's step
            }
            return read;
        });
        Assert.True(module.Board.RecordingSent.Wait(Guard));
        module.HangUp();
        var read = await consumer.WaitAsync(Guard);

        Assert.Equal(recording.Events.Length, camera.Produced);
        Assert.Equal(camera.Produced, read + live.Ring.Dropped);
        Assert.Equal(0, camera.AllocatedAfterFirstCall);
    }
}
