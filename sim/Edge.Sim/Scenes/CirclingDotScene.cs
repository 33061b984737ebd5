using Edge.Runtime.Events;

namespace Edge.Sim.Scenes;

/// <summary>A bright dot going round a circle, clockwise or anticlockwise as seen on the sensor.</summary>
public sealed class CirclingDotScene : IScene
{
    /// <summary>True for clockwise motion on screen.</summary>
    public bool Clockwise { get; set; } = true;

    /// <summary>Angular speed in radians per second (≥ 0).</summary>
    public double AngularSpeed { get; set; } = 2 * Math.PI;

    /// <summary>Angle of the dot on its orbit at time 0, in degrees (0 = right of the centre).</summary>
    public double InitialAngleDegrees { get; set; }

    /// <summary>Orbit radius in scene units.</summary>
    public double OrbitRadius { get; set; } = 0.3;

    /// <summary>Dot radius in scene units.</summary>
    public double Radius { get; set; } = 0.08;

    /// <summary>Orbit centre, x in scene units.</summary>
    public double CentreX { get; set; }

    /// <summary>Orbit centre, y in scene units (down).</summary>
    public double CentreY { get; set; }

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
        var turn = AngularSpeed * timeUs * 1e-6;
        var angle = (InitialAngleDegrees * Math.PI / 180) + (Clockwise ? turn : -turn);
        var (sin, cos) = Math.SinCos(angle);
        canvas.FillDisc(CentreX + (OrbitRadius * cos), CentreY + (OrbitRadius * sin), Radius, Foreground);
    }
}
