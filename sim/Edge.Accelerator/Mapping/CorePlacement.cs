namespace Edge.Accelerator.Mapping;

/// <summary>
/// One used core: the layer it serves, where it sits, and how much of each per-core limit it uses.
/// Memory counts synapse entries, axon headers and the learning signal's transposed copy.
/// </summary>
public sealed record CorePlacement
{
    /// <summary>Global core index.</summary>
    public required int Index { get; init; }

    /// <summary>Spec index of the layer whose neurons it holds.</summary>
    public required int Layer { get; init; }

    /// <summary>Chip of the core.</summary>
    public required int Chip { get; init; }

    /// <summary>Global tile column.</summary>
    public required int TileX { get; init; }

    /// <summary>Global tile row.</summary>
    public required int TileY { get; init; }

    /// <summary>Neurons (compartments) held.</summary>
    public required int Neurons { get; init; }

    /// <summary>Synapse entries stored.</summary>
    public required long SynapseEntries { get; init; }

    /// <summary>Synaptic memory used in bytes.</summary>
    public required long MemoryBytes { get; init; }

    /// <summary>Input axons used.</summary>
    public required int FanInAxons { get; init; }

    /// <summary>Output axons used (routing entries to destination cores).</summary>
    public int FanOutAxons { get; init; }

    /// <summary>Share of the neuron limit used.</summary>
    public double NeuronUse(int limit) => Neurons / (double)limit;

    /// <summary>Share of the synaptic memory used.</summary>
    public double MemoryUse(long limit) => MemoryBytes / (double)limit;
}
