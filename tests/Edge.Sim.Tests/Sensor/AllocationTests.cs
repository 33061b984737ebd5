using Edge.Runtime.Events;
using Edge.Sim.Scenes;
using Edge.Sim.Sensor;
using Edge.Sim.Tasks;

namespace Edge.Sim.Tests.Sensor;

public class AllocationTests
{
    [Fact]
    public void The_camera_allocates_nothing_per_frame()
    {
        using var camera = new SimulatedEventCamera(new RotatingBarScene { AngularSpeed = 10 }, new CameraOptions
        {
            Geometry = new SensorGeometry(64, 64), Sensor = SensorParameters.Noisy,
        });
        var buffer = new DvsEvent[512];
        ReadFrames(camera, buffer, 200); // warm up (JIT, tiering)

        var before = GC.GetAllocatedBytesForCurrentThread();
        var events = ReadFrames(camera, buffer, 5000);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(events > 10_000, $"only {events} events");
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void A_task_allocates_nothing_per_segment_or_read()
    {
        using var task = TaskCatalog.Create("motion", new TaskOptions { Samples = 120, DistractorRateHz = 2 });
        var buffer = new DvsEvent[256];
        ReadSegments(task, buffer, 20);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var events = ReadSegments(task, buffer, 100);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(events > 100_000, $"only {events} events");
        Assert.Equal(0, allocated);
    }

    private static long ReadFrames(SimulatedEventCamera camera, DvsEvent[] buffer, int frames)
    {
        long events = 0;
        var last = camera.FramesRendered + frames;
        while (camera.FramesRendered < last)
        {
            events += camera.Read(buffer);
        }
        return events;
    }

    private static long ReadSegments(SimulatedTask task, DvsEvent[] buffer, int segments)
    {
        long events = 0;
        for (var s = 0; s < segments && task.MoveNext(out _); s++)
        {
            int n;
            while ((n = task.Read(buffer)) > 0)
            {
                events += n;
            }
        }
        return events;
    }
}
