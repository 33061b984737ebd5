using Edge.Runtime.Events;

namespace Edge.Drivers.Datasets;

/// <summary>
/// Spiking Heidelberg Digits: <c>shd_train.h5</c> and <c>shd_test.h5</c> in one folder (HDF5
/// through PureHDF). Each sample's spikes become events x = channel (0–699), y = 0, p = 1 on a
/// 700 × 1 array; times are µs truncated as tonic converts them.
/// </summary>
public sealed class ShdDataset : EventDataset
{
    private const string Layout = "shd_train.h5 and shd_test.h5 (the SHD layout)";

    /// <summary>The cochlea channels as a 700 × 1 array.</summary>
    public static readonly SensorGeometry Channels = new(700, 1);

    /// <summary>The 20 classes: the digits spoken in English (0–9), then in German (10–19).</summary>
    public static IReadOnlyList<string> Names { get; } =
    [
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
        "null", "eins", "zwei", "drei", "vier", "fuenf", "sechs", "sieben", "acht", "neun",
    ];

    private readonly ShdFile _file;

    private ShdDataset(DatasetSplit split, string root, ShdFile file, List<DatasetSample> samples)
        : base(DatasetKind.Shd, split, root, Channels, Names, samples)
    {
        _file = file;
    }

    /// <summary>The HDF5 file of this split.</summary>
    public string FilePath => _file.Path;

    /// <summary>The file of <paramref name="split"/>: <c>shd_train.h5</c> or <c>shd_test.h5</c>.</summary>
    public static string FileName(DatasetSplit split) => split == DatasetSplit.Train ? "shd_train.h5" : "shd_test.h5";

    /// <summary>Opens the <paramref name="split"/> of the SHD folder <paramref name="root"/>.</summary>
    public static ShdDataset Open(string root, DatasetSplit split)
    {
        ClassFolders.RequireFolder(root, Layout);
        var path = Path.Combine(root, FileName(split));
        if (!File.Exists(path))
        {
            throw new DatasetException(path, $"is missing; expected {Layout}");
        }
        var file = ShdFile.Open(path);
        try
        {
            var samples = new List<DatasetSample>(file.Count);
            for (var i = 0; i < file.Count; i++)
            {
                var label = file.Labels[i];
                if ((uint)label >= (uint)Names.Count)
                {
                    throw new DatasetException(path, $"sample {i} has label {label}; SHD labels are 0 to {Names.Count - 1}");
                }
                samples.Add(new DatasetSample(label, i));
            }
            if (samples.Count == 0)
            {
                throw new DatasetException(path, "holds no samples");
            }
            return new ShdDataset(split, root, file, samples);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public override string SourceName(int source) => $"{_file.Path} sample {source}";

    /// <inheritdoc />
    protected override IEventSource OpenSource(int source)
    {
        var (times, units) = _file.ReadSample(source);
        return new SpikeArraySource(times, units);
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            _file.Dispose();
        }
    }

    /// <summary>One sample's spikes as events (x = channel, y = 0, p = 1).</summary>
    private sealed class SpikeArraySource(long[] timesUs, int[] units) : IEventSource
    {
        private int _next;

        public SensorGeometry? Geometry => Channels;

        public int Read(Span<DvsEvent> destination)
        {
            var n = Math.Min(destination.Length, timesUs.Length - _next);
            for (var i = 0; i < n; i++)
            {
                var unit = units[_next + i];
                destination[i] = new DvsEvent(timesUs[_next + i], (ushort)Math.Clamp(unit, 0, ushort.MaxValue), 0, 1);
            }
            _next += n;
            return n;
        }

        public void Dispose()
        {
        }
    }
}
