namespace Edge.Accelerator.Mapping;

/// <summary>What a layer of the spec becomes on the system.</summary>
public enum MappingKind
{
    /// <summary>LIF neurons on cores, with their synapses (convolution, dense, recurrent).</summary>
    SpikingNeurons,

    /// <summary>Max pooling of spikes as OR neurons on cores: weights 1 from the window, threshold ½, no memory.</summary>
    SpikingPool,

    /// <summary>A linear pool (average, global average) folded into the synapses of the next layer: no neurons of its own.</summary>
    DendriticFold,

    /// <summary>A re-indexing (flatten) or per-sample axon enables (dropout): no neurons, no operations.</summary>
    Addressing,

    /// <summary>A non-spiking readout as compartments on cores whose values the host reads every step.</summary>
    NonSpikingCompartments,

    /// <summary>Computed by the host processor; the spikes it needs are sent off-chip.</summary>
    Host,
}

/// <summary>Names of mapping kinds as written in reports.</summary>
public static class MappingKinds
{
    /// <summary>The report name of <paramref name="kind"/>.</summary>
    public static string Name(MappingKind kind) => kind switch
    {
        MappingKind.SpikingNeurons => "spiking-neurons",
        MappingKind.SpikingPool => "spiking-pool",
        MappingKind.DendriticFold => "dendritic-fold",
        MappingKind.Addressing => "addressing",
        MappingKind.NonSpikingCompartments => "non-spiking-compartments",
        MappingKind.Host => "host",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };
}
