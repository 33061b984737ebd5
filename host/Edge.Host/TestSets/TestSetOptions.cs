namespace Edge.Host.TestSets;

/// <summary>What to make: where, with which sensor and seed, and how big.</summary>
public sealed record TestSetOptions
{
    /// <summary>Folder the set is written into (created; must be empty or absent).</summary>
    public required string OutputFolder { get; init; }

    /// <summary>The sensor that records it.</summary>
    public SensorVariant Variant { get; init; } = SensorVariant.Default;

    /// <summary>Seed of every random choice: the same seed makes the same files, byte for byte.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>
    /// Scale of the set, 1 for the documented size; smaller values make a proportionally smaller set
    /// (at least one recording per class and split) for tests.
    /// </summary>
    public double Scale { get; init; } = 1;

    /// <summary>Folder of the MNIST digits (<see cref="TestDataCache.MnistFolder"/> when null).</summary>
    public string? MnistFolder { get; init; }

    /// <summary>Count scaled by <see cref="Scale"/>, at least 1.</summary>
    internal int Scaled(int count) => Math.Max(1, (int)Math.Round(count * Scale));
}
