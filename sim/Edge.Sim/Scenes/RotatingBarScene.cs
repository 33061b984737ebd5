using Edge.Runtime.Events;

namespace Edge.Sim.Scenes;

/// <summary>A bright bar turning about a point, clockwise or anticlockwise as seen on the sensor.</summary>
public sealed class RotatingBarScene : IScene
{
    /// <summary>True for clockwise rotation on screen.</summary>
    public bool Clockwise { get; set; } = true;

    /// <summary>Angular speed in radians per second (≥ 0).</summary>
    public double AngularSpeed { get; set; } = 2 * Math.PI;

    /// <summary>Angle of the bar at time 0, in degrees (0 = horizontal).</summary>
    public double InitialAngleDegrees { get; set; }

    /// <summary>Length of the bar (infinity spans the sensor).</summary>
    public double Length { get; set; } = 0.8;

    /// <summary>Width of the bar.</summary>
    public double Width { get; set; } = 0.08;

    /// <summary>Centre of rotation, x in scene units.</summary>
    public double CentreX { get; set; }

    /// <summary>Centre of rotation, y in scene units (down).</summary>
    public double CentreY { get; set; }

    /// <summary>Background intensity (0..255).</summary>
    public float Background { get; set; } = 40;

    /// <summary>Bar intensity (0..255).</summary>
    public float Foreground { get; set; } = 160;

    /// <inheritdoc />
    public long? DurationUs => null;

    /// <inheritdoc />
    public SensorGeometry? NativeGeometry => null;

    /// <inheritdoc />
    public void Render(long timeUs, SensorGeometry geometry, Span<float> frame)
    {
        var canvas = new Canvas(frame, geometry);
        canvas.Clear(Background);
        // With y pointing down, a growing angle turns clockwise on screen.
        var turn = AngularSpeed * timeUs * 1e-6;
        var angle = (InitialAngleDegrees * Math.PI / 180) + (Clockwise ? turn : -turn);
        canvas.FillBox(CentreX, CentreY, Length / 2, Width / 2, angle, Foreground);
    }
}
