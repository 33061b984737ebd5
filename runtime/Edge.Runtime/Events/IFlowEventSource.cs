namespace Edge.Runtime.Events;

/// <summary>
/// An event stream cut into segments that may come with their true optical flow: the simulated
/// flow task, or a recording with ground truth (MVSEC). A segment's label is what the source says
/// about it (the motion kind of a simulated segment; 0 when there is nothing to say); every
/// segment is a sample to learn, with the truth when there is one, self-supervised when not.
/// </summary>
public interface IFlowEventSource : ILabelledEventSource
{
    /// <summary>
    /// Writes the true flow of the current segment at the sensor's resolution, planar [2, H, W] (x
    /// plane, then y plane): the displacement in sensor pixels, over the segment, of the point each
    /// pixel sees at its start (x to the right, y down). A pixel without truth is NaN. Returns false,
    /// writing nothing, when the segment has no truth. Allocates nothing.
    /// </summary>
    bool TrueFlow(Span<float> flow);
}
