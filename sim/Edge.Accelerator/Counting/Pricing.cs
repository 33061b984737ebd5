using Edge.Accelerator.Chips;

namespace Edge.Accelerator.Counting;

/// <summary>Which cost event prices each counter.</summary>
public static class Pricing
{
    /// <summary>
    /// The event pricing one count of <paramref name="c"/> on a core whose synapses are shared
    /// (<paramref name="sharedWeights"/>), or null for counters that are reported but not priced
    /// (they are inside another event's cost, or are NeuroBench statistics).
    /// </summary>
    public static CostEvent? EventOf(Counter c, bool sharedWeights) => c switch
    {
        Counter.Synops => sharedWeights ? CostEvent.SynopShared : CostEvent.Synop,
        Counter.NeuronUpdatesActive => CostEvent.NeuronUpdateActive,
        Counter.NeuronUpdatesIdle => CostEvent.NeuronUpdateIdle,
        Counter.Spikes => CostEvent.Spike,
        Counter.Messages => CostEvent.Message,
        Counter.MessagesIn => CostEvent.MessageIn,
        Counter.HopsEastWest => CostEvent.HopEastWest,
        Counter.HopsNorthSouth => CostEvent.HopNorthSouth,
        Counter.HopsChip => CostEvent.HopChip,
        Counter.InputMessages => CostEvent.InputMessage,
        Counter.TraceUpdatesPre => CostEvent.TraceUpdatePre,
        Counter.TraceUpdatesPost => CostEvent.TraceUpdatePost,
        Counter.LearningSignalMessages => CostEvent.LearningSignalMessage,
        Counter.FeedbackSynops => CostEvent.FeedbackSynop,
        Counter.SynUpdateTerms => CostEvent.SynUpdateTerm,
        Counter.HostReadWords => CostEvent.MemoryRead64,
        Counter.HostWriteWords => CostEvent.MemoryWrite64,
        _ => null,
    };

    /// <summary>The event pricing one count of a host counter.</summary>
    public static CostEvent EventOf(HostCounter c) => c == HostCounter.Ops ? CostEvent.HostOp : CostEvent.HostTransferByte;

    /// <summary>True for the hop counters, whose time is the network's, not a core's.</summary>
    public static bool IsHop(Counter c) => c is Counter.HopsEastWest or Counter.HopsNorthSouth or Counter.HopsChip;
}
