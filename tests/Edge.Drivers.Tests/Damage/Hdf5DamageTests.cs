using System.Text;
using Edge.Drivers.Datasets;
using Edge.Drivers.Datasets.Mvsec;
using Edge.Drivers.Tests.Datasets;
using Edge.TestSupport.Fuzzing;

namespace Edge.Drivers.Tests.Damage;

/// <summary>
/// Damaged HDF5 files of the SHD and MVSEC loaders end in one line naming the file and what was
/// being read, not in PureHDF's own exceptions (a plain Exception, FormatException,
/// NotSupportedException, ArgumentOutOfRangeException, OverflowException or OutOfMemoryException,
/// as the fuzzing of small written files found them).
/// </summary>
public sealed class Hdf5DamageTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void An_shd_file_with_a_damaged_object_header_is_one_line()
    {
        var file = WriteShd();
        var bytes = File.ReadAllBytes(file);
        Damage(bytes, IndexOf(bytes, "OHDR")); // a dataset's header (the root group's comes last)
        File.WriteAllBytes(file, bytes);
        var error = Assert.Throws<DatasetException>(() => ShdDataset.Open(_folder.Path, DatasetSplit.Train));
        Assert.StartsWith($"{file}: is damaged: reading its layout (spikes/times, spikes/units, labels): ", error.Message, StringComparison.Ordinal);
        Assert.True(Fuzz.OneLine(error.Message), error.Message);
    }

    [Fact]
    public void An_shd_sample_whose_spikes_are_damaged_is_one_line_naming_the_sample()
    {
        var file = WriteShd();
        var bytes = File.ReadAllBytes(file);
        Damage(bytes, IndexOf(bytes, "GCOL")); // the global heap holding the samples' spike arrays
        File.WriteAllBytes(file, bytes);
        using var dataset = ShdDataset.Open(_folder.Path, DatasetSplit.Train);
        var error = Assert.Throws<DatasetException>(() => dataset.MoveNext(out _)); // the sample is read when it is opened
        Assert.StartsWith($"{file}: is damaged: reading sample 0: ", error.Message, StringComparison.Ordinal);
        Assert.True(Fuzz.OneLine(error.Message), error.Message);
    }

    [Fact]
    public void An_shd_file_declaring_more_samples_than_it_can_hold_is_refused_before_allocating()
    {
        var file = _folder.File(ShdDataset.FileName(DatasetSplit.Train));
        ShdWriter.Write(file, [.. Enumerable.Repeat(new ShdSample([], [], 1, 0), 1234)]);
        var bytes = File.ReadAllBytes(file);
        // The datasets' dataspaces hold the count as a 64-bit little-endian dimension.
        var count = BitConverter.GetBytes(1234UL);
        var huge = BitConverter.GetBytes(1UL << 40);
        for (var at = bytes.AsSpan().IndexOf(count); at >= 0; at = bytes.AsSpan().IndexOf(count))
        {
            huge.CopyTo(bytes, at);
        }
        File.WriteAllBytes(file, bytes);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var error = Assert.Throws<DatasetException>(() => ShdDataset.Open(_folder.Path, DatasetSplit.Train));
        Assert.Equal($"{file}: spikes/times declares {1UL << 40} samples, more than a {bytes.Length}-byte file can hold", error.Message);
        Assert.InRange(GC.GetAllocatedBytesForCurrentThread() - before, 0L, Fuzz.AllocationLimit(bytes.Length));
    }

    [Theory]
    [InlineData("seq_data.hdf5")]
    [InlineData("seq_gt.hdf5")]
    public void An_mvsec_file_with_a_damaged_object_header_is_one_line_naming_it(string name)
    {
        var data = MvsecSequence.Write(_folder.Path, [0.10, 0.15, 0.20], events: 20);
        var file = _folder.File(name);
        var bytes = File.ReadAllBytes(file);
        Damage(bytes, IndexOf(bytes, "OHDR")); // a dataset's header (the root group's comes last)
        File.WriteAllBytes(file, bytes);
        var error = Assert.Throws<DatasetException>(() => MvsecFlowSource.Open(data, null));
        Assert.StartsWith($"{file}: is damaged: reading the MVSEC layout: ", error.Message, StringComparison.Ordinal);
        Assert.True(Fuzz.OneLine(error.Message), error.Message);
    }

    private string WriteShd()
    {
        var file = _folder.File(ShdDataset.FileName(DatasetSplit.Train));
        ShdWriter.Write(file, [new([0.0001f, 0.25f, 0.5f], [0, 699, 350], 3, 1), new([0.125f], [42], 10, 2)]);
        return file;
    }

    /// <summary>Overwrites a signature's last byte, as a flipped bit or a bad sector would.</summary>
    private static void Damage(byte[] bytes, int at)
    {
        Assert.True(at >= 0);
        bytes[at + 3] = (byte)'?';
    }

    private static int IndexOf(byte[] bytes, string signature) => bytes.AsSpan().IndexOf(Encoding.ASCII.GetBytes(signature));
}
