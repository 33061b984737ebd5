namespace Edge.Accelerator.Chips;

/// <summary>
/// One kind of event the model counts and prices (energy and time per event). The JSON name of each
/// member is its snake_case form (<see cref="CostEvents.Name"/>), as in the preset files.
/// </summary>
public enum CostEvent
{
    /// <summary>One synaptic operation on a per-synapse (discrete or population) entry.</summary>
    Synop,

    /// <summary>One synaptic operation on a shared (convolutional) weight entry.</summary>
    SynopShared,

    /// <summary>A neuron (compartment) update that had input or spiked.</summary>
    NeuronUpdateActive,

    /// <summary>A neuron update with leak only.</summary>
    NeuronUpdateIdle,

    /// <summary>A neuron fires (soma spike generation, before any message).</summary>
    Spike,

    /// <summary>One spike message sent to one destination core (delivery within the tile included).</summary>
    Message,

    /// <summary>One spike message received by a core (axon-in stage).</summary>
    MessageIn,

    /// <summary>One tile-to-tile hop east or west.</summary>
    HopEastWest,

    /// <summary>One tile-to-tile hop north or south.</summary>
    HopNorthSouth,

    /// <summary>One chip-to-chip hop.</summary>
    HopChip,

    /// <summary>One input spike injected into the mesh from the host or sensor interface.</summary>
    InputMessage,

    /// <summary>The end-of-step barrier synchronisation of the mesh (once per step).</summary>
    Barrier,

    /// <summary>One presynaptic trace update (x1 of one axon in one step).</summary>
    TraceUpdatePre,

    /// <summary>One postsynaptic trace update by neuron microcode (Ψ and y1 of one neuron in one step).</summary>
    TraceUpdatePost,

    /// <summary>One graded learning-signal message delivered to one neuron (its y2).</summary>
    LearningSignalMessage,

    /// <summary>One synaptic operation of the learning signal's back-projection through transposed weights.</summary>
    FeedbackSynop,

    /// <summary>One product term evaluated by the learning engine for one synapse.</summary>
    SynUpdateTerm,

    /// <summary>One 64-bit read of core memory driven by the host (draining learning accumulators).</summary>
    MemoryRead64,

    /// <summary>One 64-bit write of core memory driven by the host (rewriting quantised weights).</summary>
    MemoryWrite64,

    /// <summary>One arithmetic operation on the host processor.</summary>
    HostOp,

    /// <summary>One byte moved between the host and the chips.</summary>
    HostTransferByte,

    /// <summary>One 64-bit access to off-chip DRAM (BPTT's history).</summary>
    DramAccess64,
}

/// <summary>Names of the cost events as written in preset files and reports.</summary>
public static class CostEvents
{
    private static readonly string[] Names =
    [
        "synop", "synop_shared", "neuron_update_active", "neuron_update_idle", "spike", "message", "message_in",
        "hop_ew", "hop_ns", "hop_chip", "input_message", "barrier", "trace_update_pre", "trace_update_post",
        "learning_signal_message", "feedback_synop", "syn_update_term", "memory_read_64b", "memory_write_64b",
        "host_op", "host_transfer_byte", "dram_access_64b",
    ];

    /// <summary>Number of cost events.</summary>
    public const int Count = (int)CostEvent.DramAccess64 + 1;

    /// <summary>The snake_case name of <paramref name="e"/>.</summary>
    public static string Name(CostEvent e) => Names[(int)e];

    /// <summary>The event called <paramref name="name"/>, or false.</summary>
    public static bool TryParse(string name, out CostEvent e)
    {
        var i = Array.IndexOf(Names, name);
        e = (CostEvent)Math.Max(i, 0);
        return i >= 0;
    }
}
