using Edge.Accelerator.Chips;
using Edge.Runtime.Specs;

namespace Edge.Accelerator.Mapping;

/// <summary>
/// How one layer of the spec maps: its kind, and for layers with neurons on cores their wiring,
/// encoding, partition and memory. <see cref="Producer"/> is the layer whose neurons send it spikes
/// (−1: the host, i.e. the input or a layer computed on the host).
/// </summary>
public sealed record LayerMapping
{
    /// <summary>Position in the spec.</summary>
    public required int Index { get; init; }

    /// <summary>The layer.</summary>
    public required LayerSpec Spec { get; init; }

    /// <summary>What it becomes.</summary>
    public required MappingKind Kind { get; init; }

    /// <summary>One line saying how it maps.</summary>
    public required string How { get; init; }

    /// <summary>Spec index of the layer whose neurons feed it (−1 for the host).</summary>
    public int Producer { get; init; } = -1;

    /// <summary>Wiring to the spiking source (layers with neurons on cores).</summary>
    public Connectivity? Connectivity { get; init; }

    /// <summary>Synapse encoding (layers with neurons on cores).</summary>
    public SynapseEncoding? Encoding { get; init; }

    /// <summary>Split over cores (layers with neurons on cores).</summary>
    public Partition? Partition { get; init; }

    /// <summary>The synapses learn (plastic entries).</summary>
    public bool Plastic { get; init; }

    /// <summary>The layer keeps a transposed copy of its weights for the learning signal it passes down.</summary>
    public bool FeedbackCopy { get; init; }

    /// <summary>Source values summed into one input value by folded pools (divides the folded weights).</summary>
    public int FoldDivisor { get; init; } = 1;

    /// <summary>Synapse entries stored over all its cores.</summary>
    public long SynapseEntries { get; init; }

    /// <summary>Synaptic memory over all its cores, in bytes.</summary>
    public long MemoryBytes { get; init; }

    /// <summary>True for layers with neurons on cores.</summary>
    public bool OnCores => Partition is not null;

    /// <summary>Cores used (0 for layers without neurons).</summary>
    public int Cores => Partition?.Cores ?? 0;
}
