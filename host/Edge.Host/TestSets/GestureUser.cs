using Edge.Runtime;
using Edge.Sim.Sensor;

namespace Edge.Host.TestSets;

/// <summary>
/// One person of the gesture set and the camera that recorded them: body size, tempo, place in the
/// picture, clothing and skin contrast, and the sensor's thresholds, mismatch and noise. Training
/// users draw size and tempo from the outer bands, test users from the held-out middle bands
/// (size 0.85–0.95, tempo 0.9–1.1), so the test split holds people unlike any seen in training,
/// recorded by sensors never seen either.
/// </summary>
internal sealed record GestureUser(
    int Number,
    double Size,
    double Tempo,
    double CentreX,
    double CentreY,
    float Background,
    float Body,
    float Skin,
    CameraOptions Camera)
{
    /// <summary>Lighting conditions, named as DVS Gesture names them, and how they scale the scene's intensities.</summary>
    public static readonly (string Name, float Gain)[] Lightings = [("fluorescent", 1f), ("led", 0.7f), ("natural", 1.3f), ("lab", 0.85f)];

    /// <summary>Draws user <paramref name="number"/> of the training or the test split.</summary>
    public static GestureUser Draw(int number, bool test, SensorVariant variant, Rng random)
    {
        var size = test ? random.Uniform(0.85, 0.95) : OuterBand(random, 0.75, 0.85, 0.95, 1.05);
        var tempo = test ? random.Uniform(0.9, 1.1) : OuterBand(random, 0.75, 0.9, 1.1, 1.3);
        var background = (float)random.Uniform(20, 50);
        var sensor = variant == SensorVariant.Default
            ? SensorParameters.Default with
            {
                OnThreshold = random.Uniform(0.2, 0.3),
                OffThreshold = random.Uniform(0.2, 0.3),
                ThresholdSigma = random.Uniform(0.02, 0.06),
                ShotNoiseRateHz = random.Uniform(0.05, 0.3),
                LeakRateHz = random.Uniform(0.02, 0.2),
            }
            : SensorParameters.Default with
            {
                OnThreshold = random.Uniform(0.3, 0.4),
                OffThreshold = random.Uniform(0.3, 0.4),
                ThresholdSigma = random.Uniform(0.05, 0.1),
                CutoffHz = 100,
                ShotNoiseRateHz = random.Uniform(0.5, 1.5),
                LeakRateHz = random.Uniform(0.1, 0.4),
                RefractoryUs = 1000,
            };
        var camera = new CameraOptions
        {
            Geometry = Drivers.Datasets.GestureDataset.Geometry,
            Seed = random.NextUInt64(),
            Sensor = sensor,
            BlurSigmaPixels = variant == SensorVariant.Default ? 0 : 1,
        };
        return new GestureUser(number, size, tempo, random.Uniform(-0.08, 0.08), random.Uniform(-0.05, 0.05),
            background, background + (float)random.Uniform(20, 50), (float)random.Uniform(150, 230), camera);
    }

    /// <summary>A value uniform over [a, b) ∪ [c, d) (the bands kept for training).</summary>
    private static double OuterBand(Rng random, double a, double b, double c, double d)
    {
        var u = random.Uniform(0, (b - a) + (d - c));
        return u < b - a ? a + u : c + (u - (b - a));
    }
}
