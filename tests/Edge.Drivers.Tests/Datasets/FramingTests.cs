using Edge.Drivers.Datasets;
using Edge.Drivers.Formats;
using Edge.Runtime;
using Edge.Runtime.Events;

namespace Edge.Drivers.Tests.Datasets;

public sealed class FramingTests
{
    private static readonly SensorGeometry Nmnist = new(34, 34);

    private static readonly FrameRecipe TenMs = new() { Shape = [2, 34, 34], BinUs = 10_000, Frames = 30 };

    [Fact]
    public void TimeBinsStartAtTheFirstEventAndDropTheIncompleteLastBin()
    {
        using var temp = new TempFolder();
        // tonic ToFrame(time_window=10 ms): d = 31000 − 1000 µs gives ⌊d / 10 ms⌋ = 3 frames.
        long[] times = [1000, 5000, 10_999, 11_000, 20_999, 31_000];
        using var dataset = SingleSample(temp, times);
        var framer = new SampleFramer(dataset, TenMs);

        Assert.Equal([3f, 2f, 0f], FrameSums(framer));
    }

    [Fact]
    public void ASampleShorterThanOneBinGivesOneFrame()
    {
        using var temp = new TempFolder();
        using var dataset = SingleSample(temp, [100, 200, 9_000]);
        var framer = new SampleFramer(dataset, TenMs);

        Assert.Equal([3f], FrameSums(framer));
    }

    [Fact]
    public void EventCountFramesSplitAsSpikingjelly()
    {
        using var temp = new TempFolder();
        var times = Enumerable.Range(0, 23).Select(i => (long)(i * 1000)).ToArray();
        using var dataset = SingleSample(temp, times);
        var recipe = new FrameRecipe { Shape = [2, 34, 34], Split = FrameSplit.EventCount, Frames = 10 };
        var framer = new SampleFramer(dataset, recipe);

        // ⌊23 / 10⌋ = 2 events per frame, the last frame takes the remaining 5.
        Assert.Equal([2f, 2f, 2f, 2f, 2f, 2f, 2f, 2f, 2f, 5f], FrameSums(framer));
    }

    [Fact]
    public void AntialiasedBilinearWeightsAreTorchvisionsForAFactorOfFour()
    {
        var axis = new ResampleAxis(128, 32);

        Assert.Equal(6, axis.Start[2]);
        Assert.Equal(8, axis.Count[2]);
        double[] expected = [0.125 / 4, 0.375 / 4, 0.625 / 4, 0.875 / 4, 0.875 / 4, 0.625 / 4, 0.375 / 4, 0.125 / 4];
        Assert.Equal(expected, axis.Weights.AsSpan(2 * axis.Taps, 8).ToArray());
        // At the border the filter is cut and renormalized: pixels 0…5 with weights 5, 7, 7, 5, 3, 1 (/28).
        Assert.Equal(0, axis.Start[0]);
        Assert.Equal(6, axis.Count[0]);
        Assert.Equal(7 / 28.0, axis.Weights[1], 12);
    }

    [Fact]
    public void BilinearResizeKeepsAUniformFrameAndRoundsHalfToEven()
    {
        var resampler = new BilinearResampler(128, 128, 32, 32, round: true);
        var source = new float[2 * 128 * 128];
        Array.Fill(source, 3f);
        source[(20 * 128) + 10] = 3f + 16f;
        var output = new float[2 * 32 * 32];

        resampler.Resize(source, output, channels: 2);

        Assert.Equal(3f, output[(31 * 32) + 31]);
        Assert.All(output.AsSpan(32 * 32).ToArray(), v => Assert.Equal(3f, v));
        // The impulse lands in output (x 2, y 5) with weight (0.875/4)² = 0.0478…: 3 + 16 · 0.0478 = 3.77 → 4.
        Assert.Equal(4f, output[(5 * 32) + 2]);
    }

    [Fact]
    public void PillowPathMatchesPillowByteForByte()
    {
        // Fixtures/pil_resize_48.bin: made by make_pil_resize.py with Debian's python3-pil from the same counts.
        var expected = File.ReadAllBytes(Path.Combine(TestSupport.SharedData.RepoRoot, "tests", "Edge.Drivers.Tests", "Datasets", "Fixtures", "pil_resize_48.bin"));
        var counts = new float[2 * 128 * 128];
        for (var c = 0; c < 2; c++)
        {
            for (var y = 0; y < 128; y++)
            {
                for (var x = 0; x < 128; x++)
                {
                    counts[(c * 128 * 128) + (y * 128) + x] = Count(c, y, x);
                }
            }
        }
        var output = new float[2 * 48 * 48];

        new PilBilinearResampler(128, 128, 48, 48).Resize(counts, output);

        var bytes = output.Select(v => (byte)Math.Round(v * 255f)).ToArray();
        Assert.Equal(expected, bytes);
    }

    [Fact]
    public void CifarFramesAreNormalizedWithTheOfficialConstants()
    {
        using var temp = new TempFolder();
        DatasetFolders.Cifar10Dvs(temp.Path, ["airplane"], perClass: 10, events: 40);
        using var dataset = DatasetLoader.Open(new DatasetLocation(DatasetKind.Cifar10Dvs, temp.Path), DatasetSplit.Test);
        var framer = new SampleFramer(dataset, DatasetPreset.For(DatasetKind.Cifar10Dvs).Test);
        var frame = new float[framer.FrameLength];

        Assert.True(framer.MoveNext());
        var frames = 0;
        while (framer.NextFrame(frame))
        {
            frames++;
        }

        Assert.Equal(10, frames);
        // Far from the class band (columns 0…39) nothing fired: (0 − mean) / std per channel.
        Assert.Equal((0 - 0.2728f) / 0.2225f, frame[47], 5);
        Assert.Equal((0 - 0.1295f) / 0.1290f, frame[(48 * 48) + 47], 5);
    }

    [Fact]
    public void TheRandomCropShiftsEverySampleWithinThePadding()
    {
        using var temp = new TempFolder();
        var events = Enumerable.Range(0, 40).Select(i => new DvsEvent(i * 1000, 17, 17, 1)).ToArray();
        for (var i = 0; i < 30; i++)
        {
            DatasetFolders.WriteFile(temp.File("Train", "1", $"{i:D5}.bin"), EventFormat.Nmnist, Nmnist, events);
        }
        using var dataset = DatasetLoader.Open(new DatasetLocation(DatasetKind.Nmnist, temp.Path), DatasetSplit.Train);
        var framer = new SampleFramer(dataset, TenMs with { ShiftPadding = 4 }) { Augment = new Rng(3) };
        var frame = new float[framer.FrameLength];
        var offsets = new HashSet<(int, int)>();

        while (framer.MoveNext())
        {
            Assert.True(framer.NextFrame(frame));
            var at = Array.FindIndex(frame, v => v != 0) - (34 * 34);
            Assert.Equal(10f, frame.Sum());
            var (x, y) = (at % 34, at / 34);
            Assert.InRange(x - 17, -4, 4);
            Assert.InRange(y - 17, -4, 4);
            offsets.Add((x, y));
        }

        Assert.True(offsets.Count > 10, $"only {offsets.Count} distinct shifts in 30 samples");
    }

    [Fact]
    public void GestureTrainingSlicesGiveTwentyBinsAndTestGesturesAllTheirBins()
    {
        using var temp = new TempFolder();
        DatasetFolders.Gesture(temp.Path, users: [1, 24], gestures: 1, eventsPerGesture: 20_000);
        var location = new DatasetLocation(DatasetKind.Gesture, temp.Path);
        var preset = DatasetPreset.For(DatasetKind.Gesture);

        var train = DatasetSession.OpenFramed(location, DatasetSplit.Train, preset.Train);
        var test = DatasetSession.OpenFramed(location, DatasetSplit.Test, preset.Test);
        using var trainSet = train.Dataset;
        using var testSet = test.Dataset;

        // A 2 s gesture gives ⌊2 s / 1.575 s⌋ = 1 training slice of ⌊1.575 s / 75 ms⌋ − 1 = 20 complete bins;
        // the whole test gesture (events over 1.9999 s) gives ⌊1.9999 s / 75 ms⌋ = 26 bins.
        Assert.Equal(1, train.Dataset.Count);
        Assert.Equal(20, CountFrames(train));
        Assert.Equal(26, CountFrames(test));
        Assert.Equal(2 * 32 * 32, train.FrameLength);
    }

    private static int CountFrames(SampleFramer framer)
    {
        var frame = new float[framer.FrameLength];
        Assert.True(framer.MoveNext());
        var n = 0;
        while (framer.NextFrame(frame))
        {
            n++;
        }
        return n;
    }

    private static EventDataset SingleSample(TempFolder temp, long[] times)
    {
        var events = times.Select((t, i) => new DvsEvent(t, (ushort)(i % 34), 5, (byte)(i % 2))).ToArray();
        DatasetFolders.WriteFile(temp.File("Test", "0", "00001.bin"), EventFormat.Nmnist, Nmnist, events);
        return DatasetLoader.Open(new DatasetLocation(DatasetKind.Nmnist, temp.Path), DatasetSplit.Test);
    }

    private static List<float> FrameSums(SampleFramer framer)
    {
        var frame = new float[framer.FrameLength];
        var sums = new List<float>();
        Assert.True(framer.MoveNext());
        while (framer.NextFrame(frame))
        {
            sums.Add(frame.Sum());
        }
        return sums;
    }

    /// <summary>The count formula of make_pil_resize.py.</summary>
    private static float Count(int c, int y, int x)
    {
        var mixed = (ulong)((((long)x * 73856093) ^ ((long)y * 19349663) ^ ((long)c * 83492791)) & 0xFFFFFFFF);
        var h = (int)(((mixed * 2654435761UL) >> 16) & 0xFFFF);
        if (h % 3 != 0)
        {
            return 0;
        }
        return h % 97 == 0 ? 256 + (h % 3) : 1 + ((h >> 4) % 4);
    }
}
