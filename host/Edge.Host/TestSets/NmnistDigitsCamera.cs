using Edge.Runtime.Events;
using Edge.Sim.Sensor;

namespace Edge.Host.TestSets;

/// <summary>
/// The screen and camera of the N-MNIST-format set, per <see cref="SensorVariant"/>: how bright the
/// digit is shown, how far the saccades move it, and the camera's optics and pixel model.
/// docs/test-sets.md lists both variants.
/// </summary>
internal sealed record NmnistDigitsCamera(
    float Background,
    float Foreground,
    double Amplitude,
    CameraOptions Camera)
{
    /// <summary>N-MNIST's sensor array.</summary>
    public static readonly SensorGeometry Geometry = new(34, 34);

    /// <summary>Length of a recording: three 100 ms saccades and the first 10 ms of the next, as N-MNIST's ~310 ms files.</summary>
    public const long RecordingUs = 310_000;

    /// <summary>The variant's screen and camera.</summary>
    public static NmnistDigitsCamera For(SensorVariant variant, ulong seed) => variant == SensorVariant.Default
        ? new(20, 115, 0.12, new CameraOptions
        {
            Geometry = Geometry,
            Seed = seed,
            Sensor = SensorParameters.Default with { OffThreshold = 0.18, ShotNoiseRateHz = 0.4, LeakRateHz = 0.05 },
        })
        : new(35, 160, 0.1, new CameraOptions
        {
            Geometry = Geometry,
            Seed = seed,
            BlurSigmaPixels = 0.7,
            Sensor = SensorParameters.Default with
            {
                OnThreshold = 0.3,
                OffThreshold = 0.25,
                ThresholdSigma = 0.06,
                CutoffHz = 100,
                LeakRateHz = 0.1,
                ShotNoiseRateHz = 1,
                RefractoryUs = 1000,
            },
        });
}
