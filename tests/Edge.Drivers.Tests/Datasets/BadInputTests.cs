using Edge.Drivers.Datasets;
using Edge.Runtime.Events;
using Edge.Runtime.Specs;

namespace Edge.Drivers.Tests.Datasets;

public sealed class BadInputTests
{
    [Fact]
    public void AFolderWithoutTheSplitSaysWhatLayoutIsExpected()
    {
        using var temp = new TempFolder();
        Directory.CreateDirectory(temp.File("train-images"));

        var error = Assert.Throws<DatasetException>(() => DatasetLoader.Open(new DatasetLocation(DatasetKind.Nmnist, temp.Path), DatasetSplit.Train));

        Assert.StartsWith(temp.Path + ": has no Train/ folder", error.Message);
        Assert.Contains("Train/<digit>/*.bin", error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void AMissingFolderAndANonDigitClassFolderAreNamed()
    {
        using var temp = new TempFolder();
        Directory.CreateDirectory(temp.File("Train", "seven"));

        var missing = Assert.Throws<DatasetException>(() => DatasetLoader.Open(new DatasetLocation(DatasetKind.Cifar10Dvs, temp.File("nope")), DatasetSplit.Train));
        var notDigit = Assert.Throws<DatasetException>(() => DatasetLoader.Open(new DatasetLocation(DatasetKind.Nmnist, temp.Path), DatasetSplit.Train));

        Assert.StartsWith(temp.File("nope") + ": no such folder", missing.Message);
        Assert.StartsWith(temp.File("Train", "seven") + ": is not a digit folder", notDigit.Message);
    }

    [Theory]
    [InlineData("3,abc,100", "start time 'abc' is not a whole number of microseconds")]
    [InlineData("12,1,100", "class '12' is not a number from 1 to 11")]
    [InlineData("3,100", "'3,100' has 2 fields; expected class,startTime_usec,endTime_usec")]
    [InlineData("3,500,100", "the gesture ends (100 µs) before it starts (500 µs)")]
    public void ABadLabelsLineIsReportedWithFileAndLine(string line, string problem)
    {
        using var temp = new TempFolder();
        DatasetFolders.Gesture(temp.Path, users: [1], gestures: 1, eventsPerGesture: 10);
        var csv = temp.File("user01_fluorescent_labels.csv");
        File.WriteAllLines(csv, ["class,startTime_usec,endTime_usec", "2,80000000,82000000", line]);

        var error = Assert.Throws<DatasetException>(() => DatasetLoader.Open(new DatasetLocation(DatasetKind.Gesture, temp.Path), DatasetSplit.Train));

        Assert.Equal($"{csv}: line 3: {problem}", error.Message);
        Assert.Equal(3, error.Line);
    }

    [Fact]
    public void GestureRecordingsNeedTheirLabelsAndTrialListsMustNameRealFiles()
    {
        using var temp = new TempFolder();
        DatasetFolders.Gesture(temp.Path, users: [1], gestures: 1, eventsPerGesture: 10);
        var location = new DatasetLocation(DatasetKind.Gesture, temp.Path);
        File.WriteAllLines(temp.File("trials_to_test.txt"), ["user01_fluorescent.aedat", "user02_led.aedat"]);

        var list = Assert.Throws<DatasetException>(() => DatasetLoader.Open(location, DatasetSplit.Test));
        File.Delete(temp.File("user01_fluorescent_labels.csv"));
        var labels = Assert.Throws<DatasetException>(() => DatasetLoader.Open(location, DatasetSplit.Train));

        Assert.StartsWith(temp.File("trials_to_test.txt") + ": line 2: lists 'user02_led.aedat'", list.Message);
        Assert.StartsWith(temp.File("user01_fluorescent_labels.csv") + ": is missing", labels.Message);
    }

    [Fact]
    public void ADamagedRecordingFailsWithItsFileAndByteOffset()
    {
        using var temp = new TempFolder();
        DatasetFolders.Gesture(temp.Path, users: [1], gestures: 2, eventsPerGesture: 3000);
        var recording = temp.File("user01_fluorescent.aedat");
        var bytes = File.ReadAllBytes(recording);
        File.WriteAllBytes(recording, bytes[..(bytes.Length - 1000)]);
        using var train = DatasetLoader.Open(new DatasetLocation(DatasetKind.Gesture, temp.Path), DatasetSplit.Train);
        var framer = new SampleFramer(train, DatasetPreset.For(DatasetKind.Gesture).Test);
        var frame = new float[framer.FrameLength];

        var error = Assert.Throws<EventStreamException>(() =>
        {
            while (framer.MoveNext())
            {
                while (framer.NextFrame(frame))
                {
                }
            }
        });

        Assert.Equal(recording, error.StreamName);
        Assert.InRange(error.ByteOffset, 1, bytes.Length);
        Assert.StartsWith($"{recording}: byte ", error.Message);
    }

    [Fact]
    public void ShdFilesMustBeHdf5WithTheShdDatasets()
    {
        using var temp = new TempFolder();
        File.WriteAllText(temp.File("shd_train.h5"), "not an HDF5 file at all");
        new PureHDF.H5File { ["labels"] = new ushort[] { 1, 2 } }.Write(temp.File("shd_test.h5"));
        var location = new DatasetLocation(DatasetKind.Shd, temp.Path);

        var garbage = Assert.Throws<DatasetException>(() => DatasetLoader.Open(location, DatasetSplit.Train));
        var incomplete = Assert.Throws<DatasetException>(() => DatasetLoader.Open(location, DatasetSplit.Test));
        File.Delete(temp.File("shd_test.h5"));
        var missing = Assert.Throws<DatasetException>(() => DatasetLoader.Open(location, DatasetSplit.Test));

        Assert.StartsWith(temp.File("shd_train.h5") + ": is not a readable HDF5 file", garbage.Message);
        Assert.StartsWith(temp.File("shd_test.h5") + ": has no 'spikes/times' dataset", incomplete.Message);
        Assert.StartsWith(temp.File("shd_test.h5") + ": is missing", missing.Message);
    }

    [Theory]
    [InlineData("mnist:/data", "unknown dataset kind 'mnist' (kinds: nmnist, gesture, shd, cifar10dvs, ncaltech101)")]
    [InlineData("/data/N-MNIST", "'/data/N-MNIST' is not KIND:PATH (kinds: nmnist, gesture, shd, cifar10dvs, ncaltech101; e.g. nmnist:/data/N-MNIST)")]
    [InlineData("shd:", "'shd:' is not KIND:PATH (kinds: nmnist, gesture, shd, cifar10dvs, ncaltech101; e.g. nmnist:/data/N-MNIST)")]
    public void ADatasetArgumentMustBeKindColonPath(string text, string expected)
    {
        Assert.False(DatasetLocation.TryParse(text, out _, out var error));
        Assert.Equal(expected, error);
    }

    [Fact]
    public void ANetworkMustTakeTheDatasetsFrames()
    {
        var mismatch = Assert.Throws<SpecException>(() => DatasetPreset.For(DatasetKind.Nmnist).ResolveNetwork("demo", 10));
        var noDefault = Assert.Throws<SpecException>(() => DatasetPreset.For(DatasetKind.Cifar10Dvs).ResolveNetwork(null, 10));

        Assert.Contains("network 'demo' takes [2, 32, 32] inputs, but nmnist frames are [2, 34, 34]", mismatch.Message);
        Assert.Contains("cifar10dvs has no default network: name one with --network", noDefault.Message);
    }

    [Fact]
    public void TheDefaultNetworksTakeTheirDatasetsFrames()
    {
        Assert.Equal("nmnist-small", DatasetPreset.For(DatasetKind.Nmnist).ResolveNetwork(null, 10).Name);
        Assert.Equal(11, DatasetPreset.For(DatasetKind.Gesture).ResolveNetwork(null, 11).Classes);
        Assert.Equal([700], DatasetPreset.For(DatasetKind.Shd).ResolveNetwork(null, 20).InputShape);
    }

    [Fact]
    public void EmptyLabelsFileSaysWhatALineLooksLike()
    {
        using var temp = new TempFolder();
        DatasetFolders.Gesture(temp.Path, users: [1], gestures: 1, eventsPerGesture: 10);
        File.WriteAllLines(temp.File("user01_fluorescent_labels.csv"), ["class,startTime_usec,endTime_usec"]);

        var error = Assert.Throws<DatasetException>(() => DatasetLoader.Open(new DatasetLocation(DatasetKind.Gesture, temp.Path), DatasetSplit.Train));

        Assert.EndsWith("holds no gestures; expected lines class,startTime_usec,endTime_usec", error.Message);
    }
}
