using Edge.Drivers.Formats;
using Edge.Runtime.Events;

namespace Edge.Drivers.Datasets;

/// <summary>
/// A dataset whose recordings are event files (N-MNIST, N-Caltech101, CIFAR10-DVS, DVS Gesture):
/// recording i is <see cref="Files"/>[i], opened with the drivers' format detection.
/// </summary>
public sealed class FileDataset : EventDataset
{
    /// <summary>
    /// Input buffer per opened recording: below the large-object threshold, since a split opens
    /// one reader per sample.
    /// </summary>
    private const int ReaderBufferBytes = 64 * 1024;

    private readonly EventFileOptions _options;

    internal FileDataset(DatasetKind kind, DatasetSplit split, string root, SensorGeometry geometry,
        IReadOnlyList<string> classNames, IReadOnlyList<string> files, List<DatasetSample> samples, EventFormat? format = null)
        : base(kind, split, root, geometry, classNames, samples)
    {
        Files = files;
        _options = new EventFileOptions { Format = format, Geometry = geometry, BufferBytes = ReaderBufferBytes };
    }

    /// <summary>The recordings, indexed by <see cref="DatasetSample.Source"/>.</summary>
    public IReadOnlyList<string> Files { get; }

    /// <inheritdoc />
    public override string SourceName(int source) => Files[source];

    /// <inheritdoc />
    protected override IEventSource OpenSource(int source) => EventFile.OpenRead(Files[source], _options);
}
