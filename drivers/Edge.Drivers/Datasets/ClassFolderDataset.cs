using Edge.Drivers.Formats;
using Edge.Runtime;
using Edge.Runtime.Events;

namespace Edge.Drivers.Datasets;

/// <summary>
/// The datasets stored as one folder per class with no split of their own, split as their official
/// training code does: CIFAR10-DVS (per class, the first 90 % of the recordings in natural order
/// train, the rest test — file <c>cifar10_&lt;class&gt;_&lt;i&gt;</c> trains when i &lt; 900 of 1000) and
/// N-Caltech101 (a 90/10 random split of all recordings, seed 42).
/// </summary>
public static class ClassFolderDataset
{
    private const string CifarLayout = "one folder per class (airplane, automobile, …) of AEDAT recordings (the CIFAR10-DVS layout)";
    private const string CaltechLayout = "one folder per class (accordion, airplanes, …) of .bin recordings (the N-Caltech101 layout)";

    /// <summary>The DVS128 array of CIFAR10-DVS.</summary>
    public static readonly SensorGeometry Cifar10DvsGeometry = new(128, 128);

    /// <summary>The array the official N-Caltech101 code bins (tonic's 240 × 180 sensor size).</summary>
    public static readonly SensorGeometry NCaltech101Geometry = new(240, 180);

    /// <summary>Seed of the official N-Caltech101 split.</summary>
    public const ulong NCaltech101SplitSeed = 42;

    /// <summary>Opens the <paramref name="split"/> of the CIFAR10-DVS folder <paramref name="root"/>.</summary>
    public static FileDataset OpenCifar10Dvs(string root, DatasetSplit split)
    {
        var folders = ClassFolders.Read(root, f => Path.GetExtension(f).StartsWith(".aedat", StringComparison.OrdinalIgnoreCase), CifarLayout);
        var files = new List<string>();
        var samples = new List<DatasetSample>();
        var names = new List<string>();
        foreach (var folder in folders)
        {
            var label = names.Count;
            names.Add(folder.Name);
            var trainCount = (int)(0.9 * folder.Files.Length);
            var (from, to) = split == DatasetSplit.Train ? (0, trainCount) : (trainCount, folder.Files.Length);
            for (var i = from; i < to; i++)
            {
                samples.Add(new DatasetSample(label, files.Count));
                files.Add(folder.Files[i]);
            }
        }
        RequireSamples(root, samples, split, CifarLayout);
        return new FileDataset(DatasetKind.Cifar10Dvs, split, root, Cifar10DvsGeometry, names, files, samples);
    }

    /// <summary>Opens the <paramref name="split"/> of the N-Caltech101 folder <paramref name="root"/>.</summary>
    public static FileDataset OpenNCaltech101(string root, DatasetSplit split)
    {
        var folders = ClassFolders.Read(root, f => ClassFolders.HasExtension(f, ".bin"), CaltechLayout);
        var all = new List<(int Label, string File)>();
        var names = new List<string>();
        foreach (var folder in folders)
        {
            foreach (var file in folder.Files)
            {
                all.Add((names.Count, file));
            }
            names.Add(folder.Name);
        }
        var permutation = new int[all.Count];
        for (var i = 0; i < permutation.Length; i++)
        {
            permutation[i] = i;
        }
        new Rng(NCaltech101SplitSeed).Shuffle(permutation.AsSpan());
        var trainCount = (int)(all.Count * 0.9);
        var chosen = split == DatasetSplit.Train ? permutation[..trainCount] : permutation[trainCount..];
        Array.Sort(chosen);
        var files = new List<string>(chosen.Length);
        var samples = new List<DatasetSample>(chosen.Length);
        foreach (var index in chosen)
        {
            samples.Add(new DatasetSample(all[index].Label, files.Count));
            files.Add(all[index].File);
        }
        RequireSamples(root, samples, split, CaltechLayout);
        return new FileDataset(DatasetKind.NCaltech101, split, root, NCaltech101Geometry, names, files, samples, EventFormat.Nmnist);
    }

    private static void RequireSamples(string root, List<DatasetSample> samples, DatasetSplit split, string layout)
    {
        if (samples.Count == 0)
        {
            throw new DatasetException(root, $"has no {DatasetNames.Of(split)} recordings; expected {layout}");
        }
    }
}
