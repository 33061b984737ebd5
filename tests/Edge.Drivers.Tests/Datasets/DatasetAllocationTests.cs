using Edge.Drivers.Datasets;
using Edge.Drivers.Formats;
using Edge.Drivers.Tests.Memory;
using Edge.Drivers.Tests.Support;
using Edge.Runtime.Events;

namespace Edge.Drivers.Tests.Datasets;

/// <summary>Framing a dataset sample and reading its events allocate nothing per frame or per read.</summary>
[Collection(nameof(AllocationMeasurements))]
public sealed class DatasetAllocationTests
{
    // As in ZeroAllocationTests: the runtime now and then retires the thread's 8 KB allocation
    // context mid-measurement; code that allocates per call shows it on every attempt.
    private const int Attempts = 3;

    [Fact]
    public void FramingAndReadingAllocateNothing()
    {
        using var temp = new TempFolder();
        var geometry = new SensorGeometry(128, 128);
        var events = DatasetFolders.ClassEvents(3, 1, geometry, 20, 1_000_000, 12_000_000, 240_000);
        DatasetFolders.WriteFile(temp.File("user01_x.aedat"), EventFormat.Aedat3, geometry, events);
        File.WriteAllLines(temp.File("user01_x_labels.csv"), ["class,startTime_usec,endTime_usec", "4,1000000,13000000"]);
        using var dataset = DatasetLoader.Open(new DatasetLocation(DatasetKind.Gesture, temp.Path), DatasetSplit.Train);

        var fewest = long.MaxValue;
        for (var attempt = 0; attempt < Attempts && fewest > 0; attempt++)
        {
            dataset.SetOrder([0]);
            var framer = new SampleFramer(dataset, DatasetPreset.For(DatasetKind.Gesture).Test);
            var frame = new float[framer.FrameLength];
            Assert.True(framer.MoveNext());
            Assert.True(framer.NextFrame(frame));
            var before = GC.GetAllocatedBytesForCurrentThread();
            var frames = 1;
            while (framer.NextFrame(frame))
            {
                frames++;
            }
            fewest = Math.Min(fewest, GC.GetAllocatedBytesForCurrentThread() - before);
            Assert.Equal(159, frames);
        }
        Assert.Equal(0, fewest);

        fewest = long.MaxValue;
        var buffer = new DvsEvent[16];
        for (var attempt = 0; attempt < Attempts && fewest > 0; attempt++)
        {
            dataset.SetOrder([0]);
            Assert.True(dataset.MoveNext(out _));
            dataset.Read(buffer);
            var before = GC.GetAllocatedBytesForCurrentThread();
            var calls = 1;
            while (dataset.Read(buffer) > 0)
            {
                calls++;
            }
            fewest = Math.Min(fewest, GC.GetAllocatedBytesForCurrentThread() - before);
            Assert.Equal(15_000, calls);
        }
        Assert.Equal(0, fewest);
    }
}
