namespace Edge.Drivers.Datasets;

/// <summary>The standard event-camera datasets Edge can load and train on.</summary>
public enum DatasetKind
{
    /// <summary>N-MNIST: <c>Train|Test/&lt;digit&gt;/*.bin</c>, 34 × 34.</summary>
    Nmnist,

    /// <summary>DVS128 Gesture: <c>user*_*.aedat</c> (AEDAT 3.1) with <c>_labels.csv</c>, 128 × 128, 11 classes.</summary>
    Gesture,

    /// <summary>Spiking Heidelberg Digits: <c>shd_train.h5</c> / <c>shd_test.h5</c>, 700 channels, 20 classes.</summary>
    Shd,

    /// <summary>CIFAR10-DVS: class folders of AEDAT files, 128 × 128, 10 classes.</summary>
    Cifar10Dvs,

    /// <summary>N-Caltech101: class folders of <c>.bin</c> files, 101 classes.</summary>
    NCaltech101,
}

/// <summary>The part of a dataset a loader reads.</summary>
public enum DatasetSplit
{
    /// <summary>The training samples.</summary>
    Train,

    /// <summary>The test samples.</summary>
    Test,
}

/// <summary>Names of dataset kinds and splits as the command line writes them.</summary>
public static class DatasetNames
{
    private static readonly (DatasetKind Kind, string Name)[] Kinds =
    [
        (DatasetKind.Nmnist, "nmnist"),
        (DatasetKind.Gesture, "gesture"),
        (DatasetKind.Shd, "shd"),
        (DatasetKind.Cifar10Dvs, "cifar10dvs"),
        (DatasetKind.NCaltech101, "ncaltech101"),
    ];

    /// <summary>Every kind name, in the order of <see cref="DatasetKind"/>.</summary>
    public static string AllKinds => "nmnist, gesture, shd, cifar10dvs, ncaltech101";

    /// <summary>The command-line name of <paramref name="kind"/> (e.g. <c>nmnist</c>).</summary>
    public static string Of(DatasetKind kind)
    {
        foreach (var (k, name) in Kinds)
        {
            if (k == kind)
            {
                return name;
            }
        }
        throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown dataset kind");
    }

    /// <summary>The command-line name of <paramref name="split"/>: <c>train</c> or <c>test</c>.</summary>
    public static string Of(DatasetSplit split) => split == DatasetSplit.Train ? "train" : "test";

    /// <summary>Parses a kind name (case-insensitive).</summary>
    public static bool TryParseKind(string text, out DatasetKind kind)
    {
        foreach (var (k, name) in Kinds)
        {
            if (string.Equals(name, text, StringComparison.OrdinalIgnoreCase))
            {
                kind = k;
                return true;
            }
        }
        kind = default;
        return false;
    }
}
