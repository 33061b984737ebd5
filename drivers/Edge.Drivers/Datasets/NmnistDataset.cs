using Edge.Drivers.Formats;
using Edge.Drivers.Formats.Nmnist;

namespace Edge.Drivers.Datasets;

/// <summary>N-MNIST: <c>Train/&lt;digit&gt;/*.bin</c> and <c>Test/&lt;digit&gt;/*.bin</c>, one saccade recording per file, 34 × 34.</summary>
public static class NmnistDataset
{
    private const string Layout = "Train/<digit>/*.bin and Test/<digit>/*.bin (the N-MNIST layout)";

    /// <summary>The ten class names, "0" … "9".</summary>
    public static IReadOnlyList<string> ClassNames { get; } = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"];

    /// <summary>The folder of <paramref name="split"/>: <c>Train</c> or <c>Test</c>.</summary>
    public static string SplitFolder(DatasetSplit split) => split == DatasetSplit.Train ? "Train" : "Test";

    /// <summary>Where recording <paramref name="number"/> (1, 2, …) of <paramref name="digit"/> goes: <c>root/Train/3/00001.bin</c>, as N-MNIST names them.</summary>
    public static string RecordingPath(string root, DatasetSplit split, int digit, int number) =>
        Path.Combine(root, SplitFolder(split), digit.ToString(System.Globalization.CultureInfo.InvariantCulture),
            number.ToString("D5", System.Globalization.CultureInfo.InvariantCulture) + ".bin");

    /// <summary>Opens the <paramref name="split"/> of the N-MNIST folder <paramref name="root"/>.</summary>
    public static FileDataset Open(string root, DatasetSplit split)
    {
        ClassFolders.RequireFolder(root, Layout);
        var wanted = SplitFolder(split);
        string? splitFolder = null;
        foreach (var dir in Directory.GetDirectories(root))
        {
            if (Path.GetFileName(dir).Equals(wanted, StringComparison.OrdinalIgnoreCase))
            {
                splitFolder = dir;
            }
        }
        if (splitFolder is null)
        {
            throw new DatasetException(root, $"has no {wanted}/ folder; expected {Layout}");
        }
        var files = new List<string>();
        var samples = new List<DatasetSample>();
        foreach (var folder in ClassFolders.Read(splitFolder, f => ClassFolders.HasExtension(f, ".bin"), Layout))
        {
            if (folder.Name.Length != 1 || !char.IsAsciiDigit(folder.Name[0]))
            {
                throw new DatasetException(Path.Combine(splitFolder, folder.Name), $"is not a digit folder; expected {Layout}");
            }
            foreach (var file in folder.Files)
            {
                samples.Add(new DatasetSample(folder.Name[0] - '0', files.Count));
                files.Add(file);
            }
        }
        if (files.Count == 0)
        {
            throw new DatasetException(splitFolder, $"holds no .bin recordings; expected {Layout}");
        }
        return new FileDataset(DatasetKind.Nmnist, split, root, NmnistReader.NmnistGeometry, ClassNames, files, samples, EventFormat.Nmnist);
    }
}
