namespace Edge.Drivers.Datasets;

/// <summary>Opens a split of any supported dataset from its <see cref="DatasetLocation"/>.</summary>
public static class DatasetLoader
{
    /// <summary>Opens <paramref name="split"/> of <paramref name="location"/> as a labelled event stream (natural order).</summary>
    /// <exception cref="DatasetException">The folder does not have the dataset's layout.</exception>
    public static EventDataset Open(DatasetLocation location, DatasetSplit split) => location.Kind switch
    {
        DatasetKind.Nmnist => NmnistDataset.Open(location.Path, split),
        DatasetKind.Gesture => GestureDataset.Open(location.Path, split),
        DatasetKind.Shd => ShdDataset.Open(location.Path, split),
        DatasetKind.Cifar10Dvs => ClassFolderDataset.OpenCifar10Dvs(location.Path, split),
        DatasetKind.NCaltech101 => ClassFolderDataset.OpenNCaltech101(location.Path, split),
        _ => throw new ArgumentOutOfRangeException(nameof(location), location.Kind, "unknown dataset kind"),
    };
}
