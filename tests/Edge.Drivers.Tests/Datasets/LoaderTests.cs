using Edge.Drivers.Datasets;
using Edge.Drivers.Formats;
using Edge.Runtime.Events;
using Edge.TestSupport;

namespace Edge.Drivers.Tests.Datasets;

public sealed class LoaderTests
{
    [Fact]
    public void NmnistReadsBothSplitsWithDigitLabels()
    {
        using var temp = new TempFolder();
        DatasetFolders.Nmnist(temp.Path, classes: 3, trainPerClass: 4, testPerClass: 2, events: 500);

        using var train = DatasetLoader.Open(new DatasetLocation(DatasetKind.Nmnist, temp.Path), DatasetSplit.Train);
        using var test = DatasetLoader.Open(new DatasetLocation(DatasetKind.Nmnist, temp.Path), DatasetSplit.Test);

        Assert.Equal(12, train.Count);
        Assert.Equal(6, test.Count);
        Assert.Equal(10, train.ClassCount);
        Assert.Equal(new SensorGeometry(34, 34), train.Geometry);
        Assert.Equal([0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2], Labels(train));
        var events = ReadAll(train, out var segment);
        Assert.Equal(500, events.Count);
        Assert.Equal(new Segment(0, 100, events[^1].T + 1), segment);
        Assert.All(events, e => Assert.InRange(e.X, 0, 10));
    }

    [Fact]
    public void NmnistReadsTheRealSampleAsADigit()
    {
        using var temp = new TempFolder();
        foreach (var split in new[] { "Train", "Test" })
        {
            Directory.CreateDirectory(temp.File(split, "3"));
            File.Copy(SharedData.Resolve("data", "samples", "nmnist", "sample_nmnist.bin"), temp.File(split, "3", "00001.bin"));
        }

        using var train = DatasetLoader.Open(new DatasetLocation(DatasetKind.Nmnist, temp.Path), DatasetSplit.Train);
        var events = ReadAll(train, out var segment);

        // SOURCES.md: 4,325 events, t = 654 … 311,175 µs, p1 = 2,145, first (654, 7, 15, 1), last (311175, 21, 14, 1).
        Assert.Equal(new Segment(3, 654, 311_176), segment);
        Assert.Equal(4325, events.Count);
        Assert.Equal(2145, events.Count(e => e.P == 1));
        Assert.Equal(new DvsEvent(654, 7, 15, 1), events[0]);
        Assert.Equal(new DvsEvent(311_175, 21, 14, 1), events[^1]);
        Assert.Equal(new SampleExtent(4325, 654, 311_175), train.Measure());
    }

    [Fact]
    public void GestureCutsRecordingsIntoLabelledSegmentsAndSplitsByUser()
    {
        using var temp = new TempFolder();
        DatasetFolders.Gesture(temp.Path, users: [1, 2, 24], gestures: 3, eventsPerGesture: 300);
        var location = new DatasetLocation(DatasetKind.Gesture, temp.Path);

        using var train = DatasetLoader.Open(location, DatasetSplit.Train);
        using var test = DatasetLoader.Open(location, DatasetSplit.Test);

        Assert.Equal(6, train.Count);
        Assert.Equal(3, test.Count);
        Assert.Equal(11, train.ClassCount);
        Assert.Equal("hand_clapping", train.ClassNames[0]);
        // user 24: gestures g = 0, 1, 2 have classes (g + 24) mod 11 = 2, 3, 4.
        Assert.Equal([2, 3, 4], Labels(test));
        for (var g = 0; g < 3; g++)
        {
            Assert.True(test.MoveNext(out var segment));
            var start = 80_000_000L + (g * 2_500_000L);
            Assert.Equal(new Segment(2 + g, start, start + 2_000_000), segment);
            var events = Drain(test);
            Assert.Equal(300, events.Count);
            Assert.All(events, e => Assert.InRange(e.T, start, start + 1_999_999));
            Assert.DoesNotContain(events, e => e.X == 127 && e.Y == 127);
        }
        Assert.False(test.MoveNext(out _));
    }

    [Fact]
    public void GestureFollowsTheTrialListsWhenPresent()
    {
        using var temp = new TempFolder();
        DatasetFolders.Gesture(temp.Path, users: [1, 2, 3], gestures: 2, eventsPerGesture: 100);
        File.WriteAllLines(temp.File("trials_to_train.txt"), ["user01_fluorescent.aedat", "", "user03_fluorescent.aedat"]);
        File.WriteAllLines(temp.File("trials_to_test.txt"), ["user02_fluorescent"]);
        var location = new DatasetLocation(DatasetKind.Gesture, temp.Path);

        using var train = (FileDataset)DatasetLoader.Open(location, DatasetSplit.Train);
        using var test = (FileDataset)DatasetLoader.Open(location, DatasetSplit.Test);

        Assert.Equal(["user01_fluorescent.aedat", "user03_fluorescent.aedat"], train.Files.Select(Path.GetFileName));
        Assert.Equal(["user02_fluorescent.aedat"], test.Files.Select(Path.GetFileName));
    }

    [Fact]
    public void GestureSegmentsOfOneRecordingAreReadInOnePass()
    {
        using var temp = new TempFolder();
        DatasetFolders.Gesture(temp.Path, users: [5], gestures: 4, eventsPerGesture: 200);
        using var train = DatasetLoader.Open(new DatasetLocation(DatasetKind.Gesture, temp.Path), DatasetSplit.Train);

        // Natural order, then the reverse: every segment yields its own events either way.
        var forward = new List<int>();
        while (train.MoveNext(out _))
        {
            forward.Add(Drain(train).Count);
        }
        train.SetOrder([3, 2, 1, 0]);
        var backward = new List<int>();
        while (train.MoveNext(out _))
        {
            backward.Add(Drain(train).Count);
        }
        Assert.Equal([200, 200, 200, 200], forward);
        Assert.Equal(forward, backward);
    }

    [Fact]
    public void Cifar10DvsSplitsEachClassNinetyTenInNaturalOrder()
    {
        using var temp = new TempFolder();
        DatasetFolders.Cifar10Dvs(temp.Path, ["airplane", "automobile"], perClass: 12, events: 100);
        var location = new DatasetLocation(DatasetKind.Cifar10Dvs, temp.Path);

        using var train = (FileDataset)DatasetLoader.Open(location, DatasetSplit.Train);
        using var test = (FileDataset)DatasetLoader.Open(location, DatasetSplit.Test);

        // int(0.9 × 12) = 10 per class train; files 10 and 11 test (natural order: _2 before _10).
        Assert.Equal(20, train.Count);
        Assert.Equal(["cifar10_airplane_10.aedat", "cifar10_airplane_11.aedat", "cifar10_automobile_10.aedat", "cifar10_automobile_11.aedat"],
            test.Files.Select(Path.GetFileName));
        Assert.Equal(["airplane", "automobile"], train.ClassNames);
        Assert.Equal([0, 0, 1, 1], Labels(test));
        var events = ReadAll(test, out _);
        Assert.Equal(100, events.Count);
    }

    [Fact]
    public void NCaltech101SplitsNinetyTenAtRandomWithSeed42()
    {
        using var temp = new TempFolder();
        DatasetFolders.NCaltech101(temp.Path, ["accordion", "airplanes", "anchor"], perClass: 10, events: 50);
        var location = new DatasetLocation(DatasetKind.NCaltech101, temp.Path);

        using var train = (FileDataset)DatasetLoader.Open(location, DatasetSplit.Train);
        using var test = (FileDataset)DatasetLoader.Open(location, DatasetSplit.Test);
        using var again = (FileDataset)DatasetLoader.Open(location, DatasetSplit.Test);

        Assert.Equal(27, train.Count);
        Assert.Equal(3, test.Count);
        Assert.Empty(train.Files.Intersect(test.Files));
        Assert.Equal(test.Files, again.Files);
        Assert.Equal(new SensorGeometry(240, 180), train.Geometry);
        var events = ReadAll(train, out _);
        Assert.Equal(50, events.Count);
    }

    [Fact]
    public void ShdWrittenByPureHdfBecomesChannelEvents()
    {
        using var temp = new TempFolder();
        DatasetFolders.Shd(temp.Path, classes: 2, trainPerClass: 3, testPerClass: 1, spikes: 40);

        using var train = DatasetLoader.Open(new DatasetLocation(DatasetKind.Shd, temp.Path), DatasetSplit.Train);
        using var test = DatasetLoader.Open(new DatasetLocation(DatasetKind.Shd, temp.Path), DatasetSplit.Test);

        Assert.Equal(6, train.Count);
        Assert.Equal(2, test.Count);
        Assert.Equal(20, train.ClassCount);
        Assert.Equal(new SensorGeometry(700, 1), train.Geometry);
        Assert.Equal([0, 0, 0, 1, 1, 1], Labels(train));
        var events = ReadAll(train, out var segment);
        Assert.Equal(40, events.Count);
        Assert.Equal(50_000, events[0].T);
        Assert.Equal(new Segment(0, 50_000, events[^1].T + 1), segment);
        Assert.All(events, e => Assert.True(e.X < 35 && e.Y == 0 && e.P == 1));
    }

    [Fact]
    public void ShdFixtureWrittenByH5pyReads()
    {
        // Fixtures/shd_tiny: made once with Debian's python3-h5py (make_shd_fixture.py), the way the SHD files are stored.
        var root = Path.Combine(SharedData.RepoRoot, "tests", "Edge.Drivers.Tests", "Datasets", "Fixtures", "shd_tiny");

        using var train = DatasetLoader.Open(new DatasetLocation(DatasetKind.Shd, root), DatasetSplit.Train);

        Assert.Equal(3, train.Count);
        Assert.Equal([7, 12, 19], Labels(train));
        var events = ReadAll(train, out _);
        // Sample 0: times 0.0101, 0.0102, 0.5 s (float32) on channels 0, 699, 350; tonic truncates t·1e6 in float32.
        Assert.Equal([new DvsEvent(10_100, 0, 0, 1), new DvsEvent(10_200, 699, 0, 1), new DvsEvent(500_000, 350, 0, 1)], events);
        Assert.True(train.MoveNext(out _));
        Assert.Empty(Drain(train));
        Assert.True(train.MoveNext(out _));
        Assert.Equal(5, Drain(train).Count);
    }

    [Fact]
    public void SlicingCutsSamplesAsTonicSliceByTime()
    {
        using var temp = new TempFolder();
        DatasetFolders.Gesture(temp.Path, users: [1], gestures: 2, eventsPerGesture: 2000);
        using var train = DatasetLoader.Open(new DatasetLocation(DatasetKind.Gesture, temp.Path), DatasetSplit.Train);
        var firstEvents = new List<long>();
        while (train.MoveNext(out _))
        {
            firstEvents.Add(Drain(train)[0].T);
        }

        train.SliceByTime(700_000);

        // Each 2 s gesture's events span just under 2 s: ⌊1.999 s / 0.7 s⌋ = 2 windows from its first event.
        Assert.Equal(4, train.Count);
        Assert.Equal(new DatasetSample(1, 0, firstEvents[0], firstEvents[0] + 700_000), train.Samples[0]);
        Assert.Equal(new DatasetSample(1, 0, firstEvents[0] + 700_000, firstEvents[0] + 1_400_000), train.Samples[1]);
        Assert.Equal(firstEvents[1], train.Samples[2].StartUs);
    }

    internal static int[] Labels(EventDataset dataset) => dataset.Samples.Select(s => s.Label).ToArray();

    internal static List<DvsEvent> ReadAll(EventDataset dataset, out Segment segment)
    {
        Assert.True(dataset.MoveNext(out segment));
        return Drain(dataset);
    }

    internal static List<DvsEvent> Drain(EventDataset dataset)
    {
        var buffer = new DvsEvent[97];
        var events = new List<DvsEvent>();
        for (int n; (n = dataset.Read(buffer)) > 0;)
        {
            events.AddRange(buffer.AsSpan(0, n).ToArray());
        }
        return events;
    }
}
