using Edge.Runtime.Events;
using Edge.Sim.Scenes;
using Edge.Sim.Sensor;

namespace Edge.Sim.Tests.Sensor;

public class MotionResponseTests
{
    private static readonly SensorGeometry Geometry = new(48, 48);

    private static int CountEvents(IScene scene, SensorParameters parameters, long durationUs = 1_000_000, ulong seed = 5)
    {
        using var camera = new SimulatedEventCamera(scene, new CameraOptions
        {
            Geometry = Geometry, Sensor = parameters, Seed = seed, DurationUs = durationUs,
        });
        return Streams.ReadAll(camera).Count;
    }

    [Fact]
    public void Event_rate_grows_with_speed()
    {
        var counts = new[] { 0.25, 0.5, 1.0, 2.0 }
            .Select(speed => CountEvents(new MovingBarScene { Speed = speed, Width = 0.15 }, SensorParameters.Clean))
            .ToArray();
        for (var i = 1; i < counts.Length; i++)
        {
            Assert.True(counts[i] > 1.5 * counts[i - 1], $"speeds ×2 gave {counts[i - 1]} then {counts[i]} events");
        }
    }

    [Fact]
    public void Event_rate_grows_with_contrast()
    {
        var counts = new[] { 1.5f, 3f, 8f }
            .Select(contrast => CountEvents(new MovingBarScene { Background = 30, Foreground = 30 * contrast }, SensorParameters.Clean))
            .ToArray();
        for (var i = 1; i < counts.Length; i++)
        {
            Assert.True(counts[i] > 1.5 * counts[i - 1], $"contrast ×2 gave {counts[i - 1]} then {counts[i]} events");
        }
    }

    [Fact]
    public void A_bright_bar_moving_right_leads_with_ON_and_trails_with_OFF()
    {
        using var camera = new SimulatedEventCamera(new MovingBarScene { Speed = 1, Width = 0.2, Offset = -0.3 }, new CameraOptions
        {
            Geometry = Geometry, Sensor = SensorParameters.Clean, DurationUs = 200_000,
        });
        var events = Streams.ReadAll(camera);
        var window = events.Where(e => e.T is >= 100_000 and < 110_000).ToList();
        var onX = window.Where(e => e.P == 1).Average(e => e.X);
        var offX = window.Where(e => e.P == 0).Average(e => e.X);
        Assert.True(onX > offX + 5, $"ON centroid x {onX:F1} should lie right of OFF centroid x {offX:F1}");
    }

    [Fact]
    public void The_same_seed_gives_the_same_events_and_another_seed_does_not()
    {
        static List<DvsEvent> Run(ulong seed)
        {
            using var camera = new SimulatedEventCamera(new RotatingBarScene(), new CameraOptions
            {
                Geometry = new SensorGeometry(32, 32), Sensor = SensorParameters.Noisy, Seed = seed, DurationUs = 500_000,
            });
            return Streams.ReadAll(camera);
        }

        var a = Run(42);
        var b = Run(42);
        var c = Run(43);
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }

    [Fact]
    public void No_pixel_fires_twice_within_the_refractory_period()
    {
        var parameters = SensorParameters.Noisy with { RefractoryUs = 3000, ShotNoiseRateHz = 20 };
        using var camera = new SimulatedEventCamera(
            new MovingBarScene { Speed = 3, Width = 0.3, Background = 10, Foreground = 250 },
            new CameraOptions { Geometry = Geometry, Sensor = parameters, DurationUs = 1_000_000 });
        var events = Streams.ReadAll(camera);

        var last = new Dictionary<(int, int), long>();
        foreach (var e in events)
        {
            if (last.TryGetValue((e.X, e.Y), out var previous))
            {
                Assert.True(e.T - previous >= 3000, $"pixel ({e.X}, {e.Y}) fired at {previous} and {e.T} µs");
            }
            last[(e.X, e.Y)] = e.T;
        }
        var unlimited = CountEvents(new MovingBarScene { Speed = 3, Width = 0.3, Background = 10, Foreground = 250 },
            parameters with { RefractoryUs = 0 });
        Assert.True(events.Count < unlimited, "the refractory period should suppress some events");
    }
}
