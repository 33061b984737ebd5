using PureHDF;
using PureHDF.Selections;
using PureHDF.VOL.Native;

namespace Edge.Drivers.Datasets;

/// <summary>
/// One SHD HDF5 file read through PureHDF: <c>spikes/times</c> (variable-length float seconds per
/// sample), <c>spikes/units</c> (variable-length channel numbers 0–699) and <c>labels</c>. The
/// layout is checked when the file is opened; a sample's two arrays are read when it is needed.
/// </summary>
internal sealed class ShdFile : IDisposable
{
    private readonly NativeFile _file;
    private readonly IH5Dataset _times;
    private readonly IH5Dataset _units;
    private readonly bool _doubleTimes;
    private readonly int _unitBytes;

    private ShdFile(string path, NativeFile file)
    {
        Path = path;
        _file = file;
        _times = Require(file, "spikes/times");
        _units = Require(file, "spikes/units");
        var labels = Require(file, "labels");
        _doubleTimes = VariableLengthOf(_times, "spikes/times", H5DataTypeClass.FloatingPoint, [4, 8], "float32 or float64 seconds") == 8;
        _unitBytes = VariableLengthOf(_units, "spikes/units", H5DataTypeClass.FixedPoint, [1, 2, 4], "integer channel numbers");
        // Every sample takes bytes in the file (its label, its two array descriptors): a larger
        // count is a damaged header, refused before the labels' array is allocated.
        var fileBytes = new FileInfo(path).Length;
        if (Length(_times) > (ulong)Math.Min(fileBytes, int.MaxValue))
        {
            throw new DatasetException(path, $"spikes/times declares {Length(_times)} samples, more than a {fileBytes}-byte file can hold");
        }
        Count = (int)Length(_times);
        if (Length(_units) != (ulong)Count || Length(labels) != (ulong)Count)
        {
            throw new DatasetException(path,
                $"spikes/times has {Length(_times)} samples, spikes/units {Length(_units)} and labels {Length(labels)}; they must match");
        }
        if (labels.Type.Class != H5DataTypeClass.FixedPoint)
        {
            throw new DatasetException(path, $"labels are {labels.Type.Class}; expected integers");
        }
        Labels = ReadLabels(labels);
    }

    /// <summary>The file.</summary>
    public string Path { get; }

    /// <summary>Number of samples.</summary>
    public int Count { get; }

    /// <summary>The label of every sample.</summary>
    public int[] Labels { get; }

    /// <summary>Opens and checks <paramref name="path"/>.</summary>
    public static ShdFile Open(string path)
    {
        NativeFile file;
        try
        {
            file = H5File.OpenRead(path);
        }
        catch (Exception ex) when (Hdf5Damage.IsDamage(ex))
        {
            throw new DatasetException(path, $"is not a readable HDF5 file ({Hdf5Damage.Describe(ex)})");
        }
        try
        {
            return new ShdFile(path, file);
        }
        catch (Exception ex) when (Hdf5Damage.IsDamage(ex))
        {
            file.Dispose();
            throw Hdf5Damage.Error(path, "reading its layout (spikes/times, spikes/units, labels)", ex);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>Spike times (µs, as tonic converts them) and channels of sample <paramref name="index"/>.</summary>
    /// <exception cref="DatasetException">The sample's data is damaged.</exception>
    public (long[] TimesUs, int[] Units) ReadSample(int index)
    {
        var selection = new HyperslabSelection((ulong)index, 1);
        long[] times;
        int[] units;
        try
        {
            times = ReadTimes(selection);
            units = ReadUnits(selection);
        }
        catch (Exception ex) when (Hdf5Damage.IsDamage(ex))
        {
            throw Hdf5Damage.Error(Path, string.Create(System.Globalization.CultureInfo.InvariantCulture, $"reading sample {index}"), ex);
        }
        if (times.Length != units.Length)
        {
            throw new DatasetException(Path, $"sample {index} has {times.Length} spike times but {units.Length} units");
        }
        return (times, units);
    }

    private long[] ReadTimes(HyperslabSelection selection)
    {
        // tonic multiplies the seconds by 1e6 in the file's precision and truncates to integer µs.
        if (_doubleTimes)
        {
            var seconds = _times.Read<double[][]>(selection)[0] ?? [];
            var us = new long[seconds.Length];
            for (var i = 0; i < us.Length; i++)
            {
                us[i] = (long)(seconds[i] * 1e6);
            }
            return us;
        }
        var single = _times.Read<float[][]>(selection)[0] ?? [];
        var result = new long[single.Length];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = (long)(float)(single[i] * 1e6f);
        }
        return result;
    }

    private int[] ReadUnits(HyperslabSelection selection)
    {
        switch (_unitBytes)
        {
            case 1:
                return Widen(_units.Read<byte[][]>(selection)[0] ?? []);
            case 2:
                return Widen(_units.Read<ushort[][]>(selection)[0] ?? []);
            default:
                var units = _units.Read<uint[][]>(selection)[0] ?? [];
                var result = new int[units.Length];
                for (var i = 0; i < units.Length; i++)
                {
                    result[i] = (int)Math.Min(units[i], int.MaxValue);
                }
                return result;
        }
    }

    private static int[] Widen<T>(T[] values) where T : struct, IConvertible
    {
        var result = new int[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            result[i] = values[i].ToInt32(System.Globalization.CultureInfo.InvariantCulture);
        }
        return result;
    }

    private int[] ReadLabels(IH5Dataset labels)
    {
        var values = new int[Count];
        switch (labels.Type.Size)
        {
            case 1:
                Copy(labels.Read<byte[]>(), values);
                break;
            case 2:
                Copy(labels.Read<ushort[]>(), values);
                break;
            case 4:
                Copy(labels.Read<int[]>(), values);
                break;
            case 8:
                Copy(labels.Read<long[]>(), values);
                break;
            default:
                throw new DatasetException(Path, $"labels are {labels.Type.Size}-byte integers; expected 1, 2, 4 or 8 bytes");
        }
        return values;
    }

    private static void Copy<T>(T[] source, int[] destination) where T : struct, IConvertible
    {
        for (var i = 0; i < destination.Length; i++)
        {
            destination[i] = (int)Math.Clamp(source[i].ToInt64(System.Globalization.CultureInfo.InvariantCulture), int.MinValue, int.MaxValue);
        }
    }

    private IH5Dataset Require(NativeFile file, string name)
    {
        if (!file.LinkExists(name))
        {
            throw new DatasetException(Path, $"has no '{name}' dataset; expected spikes/times, spikes/units and labels (the SHD layout)");
        }
        return file.Dataset(name);
    }

    private int VariableLengthOf(IH5Dataset dataset, string name, H5DataTypeClass baseClass, int[] sizes, string expected)
    {
        var type = dataset.Type;
        if (type.Class != H5DataTypeClass.VariableLength || type.VariableLength.BaseType.Class != baseClass
            || Array.IndexOf(sizes, type.VariableLength.BaseType.Size) < 0)
        {
            throw new DatasetException(Path, $"'{name}' is not a variable-length array of {expected} per sample");
        }
        return type.VariableLength.BaseType.Size;
    }

    private ulong Length(IH5Dataset dataset)
    {
        var dims = dataset.Space.Dimensions;
        if (dims.Length != 1)
        {
            throw new DatasetException(Path, $"a dataset has {dims.Length} dimensions; expected one entry per sample");
        }
        return dims[0];
    }

    public void Dispose() => _file.Dispose();
}
