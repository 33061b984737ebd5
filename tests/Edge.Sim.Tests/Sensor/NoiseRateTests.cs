using Edge.Runtime.Events;
using Edge.Sim.Sensor;

namespace Edge.Sim.Tests.Sensor;

/// <summary>
/// Leak and shot-noise rates against the model's formulas on a still scene. Rates are raised far
/// above the v2e defaults so that a few seconds give tens of thousands of events; the bound is
/// five Poisson standard deviations of the expected count.
/// </summary>
public class NoiseRateTests
{
    private static readonly SensorGeometry Geometry = new(32, 32);

    private static List<DvsEvent> StillScene(float intensity, SensorParameters parameters, double seconds, ulong seed = 3)
    {
        using var camera = new SimulatedEventCamera(FunctionScene.Constant(intensity), new CameraOptions
        {
            Geometry = Geometry,
            Sensor = parameters,
            Seed = seed,
            DurationUs = (long)(seconds * 1e6),
        });
        return Streams.ReadAll(camera);
    }

    private static void AssertPoisson(double expected, int actual)
    {
        var bound = 5 * Math.Sqrt(expected);
        Assert.InRange(actual, expected - bound, expected + bound);
    }

    [Theory]
    [InlineData(60f)]
    [InlineData(200f)]
    public void Leak_rate_without_spread_is_the_configured_rate_at_any_intensity(float intensity)
    {
        var parameters = SensorParameters.Default with
        {
            LeakRateHz = 4, LeakJitterFraction = 0, NoiseRateCovDecades = 0, ShotNoiseRateHz = 0,
        };
        var events = StillScene(intensity, parameters, seconds: 3);

        AssertPoisson(Geometry.Pixels * 4.0 * 3, events.Count);
        Assert.All(events, e => Assert.Equal(1, e.P)); // the leak drives ON events only
    }

    [Fact]
    public void Leak_rate_with_spread_matches_the_mean_of_the_rate_multiplier()
    {
        // rate_i = leak · 10^(cov·N) · (1 − jitter·N') per period; the long-run rate is
        // 1 / E[interval] = leak · E[10^(cov·N)] / E[1 / (1 − jitter·N')]
        //                 = leak · exp((cov·ln 10)² / 2) / (1 + jitter² + 3·jitter⁴ + …).
        var parameters = SensorParameters.Default with { LeakRateHz = 4, ShotNoiseRateHz = 0 };
        var events = StillScene(120f, parameters, seconds: 3);

        var cov = parameters.NoiseRateCovDecades * Math.Log(10);
        var jitter = parameters.LeakJitterFraction;
        var rate = 4 * Math.Exp(cov * cov / 2) / (1 + (jitter * jitter) + (3 * Math.Pow(jitter, 4)));
        AssertPoisson(Geometry.Pixels * rate * 3, events.Count);
    }

    [Theory]
    [InlineData(50f)]
    [InlineData(220f)]
    public void Shot_noise_rate_follows_the_v2e_intensity_factor(float intensity)
    {
        var parameters = SensorParameters.Clean with { ThresholdSigma = 0, ShotNoiseRateHz = 40 };
        var events = StillScene(intensity, parameters, seconds: 2);

        // Per pixel: rate · (1 − 0.75·(I + 20)/275), half ON and half OFF.
        var perPixel = 40 * (1 - (0.75 * (intensity + 20) / 275));
        var expected = Geometry.Pixels * perPixel * 2;
        AssertPoisson(expected, events.Count);
        AssertPoisson(expected / 2, events.Count(e => e.P == 1));
    }

    [Fact]
    public void Shot_noise_with_mismatch_scales_with_each_pixels_threshold()
    {
        var parameters = SensorParameters.Clean with { ThresholdSigma = 0.05, ShotNoiseRateHz = 40 };
        using var camera = new SimulatedEventCamera(FunctionScene.Constant(100f), new CameraOptions
        {
            Geometry = Geometry, Sensor = parameters, Seed = 11, DurationUs = 2_000_000,
        });
        var events = Streams.ReadAll(camera);

        // ON at f·θ_on/C_on[i], OFF at f·θ_off/C_off[i] per frame, f = (rate/2)·dt·factor.
        var factor = 1 - (0.75 * 120 / 275);
        double on = 0, off = 0;
        for (var i = 0; i < Geometry.Pixels; i++)
        {
            on += 20 * factor * 0.2 / camera.Pixels.OnThresholds[i] * 2;
            off += 20 * factor * 0.2 / camera.Pixels.OffThresholds[i] * 2;
        }
        AssertPoisson(on, events.Count(e => e.P == 1));
        AssertPoisson(off, events.Count(e => e.P == 0));
    }

    [Fact]
    public void Shot_noise_times_are_spread_inside_frames_not_clumped_on_them()
    {
        var parameters = SensorParameters.Clean with { ThresholdSigma = 0, ShotNoiseRateHz = 40 };
        var events = StillScene(100f, parameters, seconds: 1);
        var onFrameTimes = events.Count(e => e.T % 1000 == 0);
        Assert.True(onFrameTimes < events.Count / 100, $"{onFrameTimes} of {events.Count} events sit on frame times");
    }

    [Fact]
    public void The_clean_preset_is_silent_on_a_still_scene()
    {
        Assert.Empty(StillScene(100f, SensorParameters.Clean, seconds: 0.5));
    }
}
