namespace Edge.Accelerator.Mapping;

/// <summary>Choices the mapping leaves to the user.</summary>
public sealed record MappingOptions
{
    /// <summary>Synapses of learning layers are plastic (wider entries) and learning layers that pass the signal down keep a transposed copy for it.</summary>
    public bool Learning { get; init; } = true;

    /// <summary>Compute the readout on the host (its input spikes leave the chip) instead of on non-spiking compartments.</summary>
    public bool ReadoutOnHost { get; init; }
}
