using System.Diagnostics;
using Edge.Runtime.Events;
using Edge.Sim.Scenes;
using Edge.Sim.Sensor;

namespace Edge.Sim.Tests.Sensor;

public class RealTimeTests
{
    private static SimulatedEventCamera Camera(long durationUs) =>
        new(new RotatingBarScene { AngularSpeed = 15 }, new CameraOptions
        {
            Geometry = new SensorGeometry(64, 64), DurationUs = durationUs,
        });

    [Fact]
    public void Real_time_events_never_arrive_before_their_timestamp()
    {
        // The clock starts first: the pacer's own clock starts later, at its first read.
        var clock = Stopwatch.StartNew();
        using var source = SimulatedEventCamera.StartRealTime(Camera(300_000));
        var buffer = new DvsEvent[4096];
        long total = 0;
        int n;
        while ((n = source.Read(buffer)) > 0)
        {
            var elapsedUs = clock.Elapsed.TotalMicroseconds;
            // The pacer may deliver up to 1 ms early.
            Assert.True(buffer[n - 1].T <= elapsedUs + 1_000, $"event at {buffer[n - 1].T} µs delivered at {elapsedUs:F0} µs");
            total += n;
        }
        Assert.True(total > 1000);
        Assert.Equal(0, source.Health.EventsDropped);
    }

    [Fact]
    public void An_overloaded_consumer_loses_events_and_they_are_counted()
    {
        using var camera = Camera(400_000);
        using var source = SimulatedEventCamera.StartRealTime(camera, ringCapacity: 512);
        var buffer = new DvsEvent[64];
        long delivered = 0;
        int n;
        var guard = Stopwatch.StartNew();
        while ((n = source.Read(buffer)) > 0 && guard.Elapsed < TimeSpan.FromSeconds(30))
        {
            delivered += n;
            Thread.Sleep(20); // a learner far slower than the sensor
        }
        var dropped = source.Health.EventsDropped;
        Assert.True(dropped > 0, "a slow consumer should lose events");
        Assert.Equal(camera.EventsDelivered, delivered + dropped);
    }
}
