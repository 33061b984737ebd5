using Edge.Runtime.Events;

namespace Edge.Sim.Scenes;

/// <summary>A scene whose motion is known at every pixel, so every stretch of its events comes with a true flow map.</summary>
public interface IFlowScene : IScene
{
    /// <summary>
    /// Writes the optical flow between scene times <paramref name="fromUs"/> and
    /// <paramref name="toUs"/>: where the point seen at each pixel centre at <paramref name="fromUs"/>
    /// is at <paramref name="toUs"/>, minus where it was, in pixels (x to the right, y down). The
    /// layout is planar, [2, H, W]: the x plane, then the y plane (MVSEC's <c>flow_dist</c> order).
    /// Allocates nothing.
    /// </summary>
    void Flow(long fromUs, long toUs, SensorGeometry geometry, Span<float> flow);
}
