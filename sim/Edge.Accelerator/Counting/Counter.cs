namespace Edge.Accelerator.Counting;

/// <summary>What the execution counts on each core.</summary>
public enum Counter
{
    /// <summary>Synaptic operations (one spike meeting one synapse; a count of n spikes is n operations).</summary>
    Synops,

    /// <summary>Neuron updates with synaptic input or a spike.</summary>
    NeuronUpdatesActive,

    /// <summary>Neuron updates with leak only.</summary>
    NeuronUpdatesIdle,

    /// <summary>Neuron updates that changed the membrane (NeuroBench's membrane updates).</summary>
    MembraneUpdates,

    /// <summary>Spikes fired.</summary>
    Spikes,

    /// <summary>Spike messages sent (one per destination core).</summary>
    Messages,

    /// <summary>Spike messages received.</summary>
    MessagesIn,

    /// <summary>Tile hops east-west travelled by messages sent from this core.</summary>
    HopsEastWest,

    /// <summary>Tile hops north-south.</summary>
    HopsNorthSouth,

    /// <summary>Chip-to-chip hops.</summary>
    HopsChip,

    /// <summary>Input spikes injected by the host or sensor and received by this core.</summary>
    InputMessages,

    /// <summary>Presynaptic trace updates (an axon's x1 that changed or held a value).</summary>
    TraceUpdatesPre,

    /// <summary>Postsynaptic trace updates (a neuron's Ψ and y1 computed by microcode).</summary>
    TraceUpdatesPost,

    /// <summary>Graded learning-signal messages received (one per neuron with a non-zero y2 or routed signal).</summary>
    LearningSignalMessages,

    /// <summary>Synaptic operations of the learning signal's back-projection.</summary>
    FeedbackSynops,

    /// <summary>Synapses updated by the learning engine with at least one non-zero product term (effective updates).</summary>
    SynUpdates,

    /// <summary>Non-zero product terms evaluated by the learning engine.</summary>
    SynUpdateTerms,

    /// <summary>Synapse entries the engine would visit without skipping zero factors (dense count, not priced).</summary>
    SynUpdatesDense,

    /// <summary>Bytes of core memory read (synapses, accumulators, traces).</summary>
    MemoryReadBytes,

    /// <summary>Bytes of core memory written.</summary>
    MemoryWriteBytes,

    /// <summary>64-bit words of core memory read by the host (accumulators drained).</summary>
    HostReadWords,

    /// <summary>64-bit words of core memory written by the host (quantised weights, biases, thresholds).</summary>
    HostWriteWords,

    /// <summary>Values clipped by saturating arithmetic (weights, membranes, traces, accumulators).</summary>
    Saturations,

    /// <summary>NeuroBench effective synaptic operations: (non-zero input, non-zero weight) pairs, whatever the input's count.</summary>
    EffectiveSynops,
}

/// <summary>Work done by the host processor, counted per layer.</summary>
public enum HostCounter
{
    /// <summary>Arithmetic operations.</summary>
    Ops,

    /// <summary>Bytes moved between the host and the chips.</summary>
    TransferBytes,
}

/// <summary>Whether work serves inference or learning.</summary>
public enum Phase
{
    /// <summary>The forward pass every step, the readout and the prediction.</summary>
    Inference,

    /// <summary>Traces, learning signal, learning engine and the host's weight update.</summary>
    Learning,
}

/// <summary>Names of counters as written in reports.</summary>
public static class Counters
{
    private static readonly string[] Names =
    [
        "synops", "neuron_updates_active", "neuron_updates_idle", "membrane_updates", "spikes", "messages", "messages_in",
        "hops_ew", "hops_ns", "hops_chip", "input_messages", "trace_updates_pre", "trace_updates_post",
        "learning_signal_messages", "feedback_synops", "syn_updates", "syn_update_terms", "syn_updates_dense",
        "memory_read_bytes", "memory_write_bytes", "host_read_words", "host_write_words", "saturations", "effective_synops",
    ];

    /// <summary>Number of core counters.</summary>
    public const int Count = (int)Counter.EffectiveSynops + 1;

    /// <summary>Number of host counters.</summary>
    public const int HostCount = (int)HostCounter.TransferBytes + 1;

    /// <summary>The snake_case name of <paramref name="c"/>.</summary>
    public static string Name(Counter c) => Names[(int)c];
}
