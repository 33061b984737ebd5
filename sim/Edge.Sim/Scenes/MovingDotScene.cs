using Edge.Runtime.Events;

namespace Edge.Sim.Scenes;

/// <summary>
/// A bright dot moving in a straight line at constant velocity; it wraps around the sensor's
/// borders (leaving on one side, entering on the other), so the scene runs forever.
/// </summary>
public sealed class MovingDotScene : IScene
{
    /// <summary>Position at time 0, x in scene units.</summary>
    public double StartX { get; set; }

    /// <summary>Position at time 0, y in scene units (down).</summary>
    public double StartY { get; set; }

    /// <summary>Velocity along x, scene units per second.</summary>
    public double VelocityX { get; set; } = 0.6;

    /// <summary>Velocity along y, scene units per second (down).</summary>
    public double VelocityY { get; set; } = 0.25;

    /// <summary>Dot radius in scene units.</summary>
    public double Radius { get; set; } = 0.06;

    /// <summary>Background intensity (0..255).</summary>
    public float Background { get; set; } = 40;

    /// <summary>Dot intensity (0..255).</summary>
    public float Foreground { get; set; } = 180;

    /// <inheritdoc />
    public long? DurationUs => null;

    /// <inheritdoc />
    public SensorGeometry? NativeGeometry => null;

    /// <inheritdoc />
    public void Render(long timeUs, SensorGeometry geometry, Span<float> frame)
    {
        var canvas = new Canvas(frame, geometry);
        canvas.Clear(Background);
        var t = timeUs * 1e-6;
        // Wrap on a torus one dot larger than the sensor so the dot is fully out when it jumps.
        var x = Wrap(StartX + (VelocityX * t), canvas.HalfWidth + Radius + (1 / canvas.Scale));
        var y = Wrap(StartY + (VelocityY * t), canvas.HalfHeight + Radius + (1 / canvas.Scale));
        canvas.FillDisc(x, y, Radius, Foreground);
    }

    private static double Wrap(double value, double half) =>
        value - (2 * half * Math.Floor((value + half) / (2 * half)));
}
