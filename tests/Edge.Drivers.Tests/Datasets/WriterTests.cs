using Edge.Drivers.Datasets;
using Edge.Runtime.Events;

namespace Edge.Drivers.Tests.Datasets;

public sealed class WriterTests
{
    [Fact]
    public void An_shd_file_written_by_the_writer_reads_back_through_the_loader()
    {
        using var folder = new TempFolder();
        var samples = new List<ShdSample>
        {
            new([0.0001f, 0.25f, 0.5f], [0, 699, 350], 3, 1),
            new([], [], 19, 2),
            new([0.125f], [42], 10, 2),
        };
        ShdWriter.Write(folder.File(ShdDataset.FileName(DatasetSplit.Train)), samples);
        ShdWriter.Write(folder.File(ShdDataset.FileName(DatasetSplit.Test)), samples[..1]);
        using var train = ShdDataset.Open(folder.Path, DatasetSplit.Train);
        Assert.Equal(3, train.Count);
        Assert.Equal([3, 19, 10], train.Samples.Select(s => s.Label));
        Assert.True(train.MoveNext(out _));
        var events = new DvsEvent[16];
        var n = train.Read(events);
        // Times come back as tonic converts them: float seconds × 1e6 in float, truncated to µs.
        Assert.Equal([(long)(0.0001f * 1e6f), 250_000L, 500_000L], events[..n].Select(e => e.T));
        Assert.Equal([0, 699, 350], events[..n].Select(e => (int)e.X));
        Assert.True(train.MoveNext(out _));
        Assert.Equal(0, train.Read(events));
    }

    [Fact]
    public void The_shd_writer_refuses_a_sample_whose_arrays_differ()
    {
        using var folder = new TempFolder();
        Assert.Throws<ArgumentException>(() => ShdWriter.Write(folder.File("x.h5"), [new ShdSample([0.1f, 0.2f], [1], 0, 0)]));
    }

    [Fact]
    public void Gesture_labels_and_trials_written_here_are_what_the_loader_reads()
    {
        using var folder = new TempFolder();
        DatasetFolders.Gesture(folder.Path, [3, 27], gestures: 2);
        var name = GestureDataset.RecordingName(3, "fluorescent");
        Assert.Equal("user03_fluorescent", name);
        GestureLabels.Write(folder.File(name + "_labels.csv"), [new GestureLabel(11, 80_000_000, 82_000_000), new GestureLabel(1, 82_500_000, 84_500_000)]);
        Assert.Equal(GestureLabels.Header, File.ReadLines(folder.File(name + "_labels.csv")).First());
        Assert.Equal([new GestureLabel(11, 80_000_000, 82_000_000), new GestureLabel(1, 82_500_000, 84_500_000)], GestureLabels.Read(folder.File(name + "_labels.csv")));

        // The trials lists decide the split: user 27 would test by number, here it trains.
        GestureDataset.WriteTrials(folder.Path, DatasetSplit.Train, ["user27_fluorescent", name]);
        GestureDataset.WriteTrials(folder.Path, DatasetSplit.Test, [name]);
        Assert.Equal(["user27_fluorescent.aedat", "user03_fluorescent.aedat"], File.ReadAllLines(folder.File("trials_to_train.txt")));
        using var train = GestureDataset.Open(folder.Path, DatasetSplit.Train);
        using var test = GestureDataset.Open(folder.Path, DatasetSplit.Test);
        Assert.Equal(4, train.Count);
        Assert.Equal([10, 0], test.Samples.Select(s => s.Label));
    }

    [Fact]
    public void Nmnist_recordings_go_where_the_loader_looks()
    {
        Assert.Equal(Path.Combine("root", "Train", "3", "00012.bin"), NmnistDataset.RecordingPath("root", DatasetSplit.Train, 3, 12));
        Assert.Equal(Path.Combine("root", "Test", "0", "00001.bin"), NmnistDataset.RecordingPath("root", DatasetSplit.Test, 0, 1));
    }
}
