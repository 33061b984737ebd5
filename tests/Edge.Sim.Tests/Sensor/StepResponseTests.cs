using Edge.Runtime.Events;
using Edge.Sim.Sensor;

namespace Edge.Sim.Tests.Sensor;

public class StepResponseTests
{
    private static readonly SensorGeometry Small = new(8, 8);

    private static SensorParameters Ideal(double sigma = 0) => SensorParameters.Clean with { ThresholdSigma = sigma };

    /// <summary>Steps a uniform frame from <paramref name="from"/> to <paramref name="to"/> and collects every event.</summary>
    private static (DvsPixelArray Pixels, List<DvsEvent> Events) Step(float from, float to, SensorParameters parameters, int frames = 5)
    {
        var pixels = new DvsPixelArray(Small, parameters, 1000, seed: 7);
        var before = new float[Small.Pixels];
        var after = new float[Small.Pixels];
        before.AsSpan().Fill(from);
        after.AsSpan().Fill(to);
        pixels.Reset(before, 0);
        var events = new List<DvsEvent>();
        for (var k = 1; k <= frames; k++)
        {
            events.AddRange(pixels.Step(after, k * 1000).ToArray());
        }
        return (pixels, events);
    }

    [Theory]
    [InlineData(50f, 150f)]   // Δ = ln 3 = 1.0986 → 5 ON events (θ = 0.2)
    [InlineData(40f, 200f)]   // Δ = ln 5 = 1.609 → 8
    [InlineData(200f, 40f)]   // OFF
    [InlineData(150f, 50f)]   // OFF
    [InlineData(4f, 14f)]     // the linear part of lin-log: Δ = 10·ln(20)/20 = 1.498 → 7
    public void A_step_without_mismatch_gives_floor_of_delta_over_theta_events_of_its_polarity(float from, float to)
    {
        var (_, events) = Step(from, to, Ideal());

        var delta = Math.Abs(LinLog(to) - LinLog(from));
        var expected = (int)Math.Floor(delta / 0.2);
        Assert.True(expected >= 5);
        Assert.Equal(expected * Small.Pixels, events.Count);
        Assert.All(events, e => Assert.Equal(to > from ? (byte)1 : (byte)0, e.P));
        for (var y = 0; y < Small.Height; y++)
        {
            for (var x = 0; x < Small.Width; x++)
            {
                Assert.Equal(expected, events.Count(e => e.X == x && e.Y == y));
            }
        }
    }

    [Fact]
    public void With_mismatch_each_pixel_gives_floor_of_delta_over_its_own_threshold()
    {
        var (pixels, events) = Step(30f, 220f, Ideal(sigma: 0.03));
        var (_, offEvents) = Step(220f, 30f, Ideal(sigma: 0.03));
        var delta = Math.Log(220.0 / 30.0);

        var distinct = new HashSet<int>();
        for (var i = 0; i < Small.Pixels; i++)
        {
            var x = i % Small.Width;
            var y = i / Small.Width;
            var on = (int)Math.Floor(delta / pixels.OnThresholds[i]);
            var off = (int)Math.Floor(delta / pixels.OffThresholds[i]);
            Assert.Equal(on, events.Count(e => e.X == x && e.Y == y && e.P == 1));
            Assert.Equal(off, offEvents.Count(e => e.X == x && e.Y == y && e.P == 0));
            distinct.Add(on);
        }
        Assert.True(distinct.Count > 1, "the mismatch should give pixels different event counts");
    }

    [Fact]
    public void Crossing_times_are_interpolated_inside_the_frame_interval()
    {
        // A ramp of 5.49 thresholds inside one 1000 µs frame: crossing k lies at k/5.49 of the interval.
        var (_, events) = Step(50f, 150f, Ideal(), frames: 1);
        var delta = Math.Log(3);
        var pixel = events.Where(e => e.X == 3 && e.Y == 5).Select(e => e.T).ToArray();
        var expected = Enumerable.Range(1, 5).Select(k => (long)(k * 0.2 / delta * 1000)).ToArray();
        Assert.Equal(expected, pixel);
    }

    [Fact]
    public void Events_come_sorted_by_time_within_and_across_frames()
    {
        var geometry = new SensorGeometry(32, 32);
        var scene = new Edge.Sim.Scenes.RotatingBarScene { AngularSpeed = 20 };
        using var camera = new SimulatedEventCamera(scene, new CameraOptions { Geometry = geometry, DurationUs = 200_000, Sensor = SensorParameters.Noisy });
        var events = Streams.ReadAll(camera);
        Assert.NotEmpty(events);
        for (var i = 1; i < events.Count; i++)
        {
            Assert.True(events[i].T >= events[i - 1].T, $"event {i} goes back in time");
        }
        Assert.All(events, e => Assert.InRange(e.T, 0, 199_999));
    }

    [Fact]
    public void A_full_readout_defers_crossings_to_later_frames_without_losing_them()
    {
        var pixels = new DvsPixelArray(Small, Ideal(), 1000, seed: 7, maxEventsPerFrame: 10);
        var dark = new float[Small.Pixels];
        var bright = new float[Small.Pixels];
        dark.AsSpan().Fill(50);
        bright.AsSpan().Fill(150);
        pixels.Reset(dark, 0);
        var total = 0;
        for (var k = 1; k <= 40; k++)
        {
            var n = pixels.Step(bright, k * 1000).Length;
            Assert.True(n <= 10);
            total += n;
        }
        Assert.Equal(5 * Small.Pixels, total);
        Assert.True(pixels.SaturatedFrames >= 31);
    }

    private static double LinLog(double intensity) => intensity <= 20 ? intensity * Math.Log(20) / 20 : Math.Log(intensity);
}
