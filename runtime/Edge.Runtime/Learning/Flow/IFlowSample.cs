namespace Edge.Runtime.Learning.Flow;

/// <summary>
/// The flow sample being learned, as the flow losses read it: its target and its events. Read
/// after the sample's frames were all rendered (the sample loop renders a learned sample whole first).
/// </summary>
public interface IFlowSample
{
    /// <summary>The target of the current sample.</summary>
    FlowTarget Target { get; }

    /// <summary>The events of the current sample.</summary>
    FlowEvents Events { get; }
}
