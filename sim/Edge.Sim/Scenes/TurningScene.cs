using Edge.Runtime.Events;

namespace Edge.Sim.Scenes;

/// <summary>
/// A bright shape turning about a centre at a constant angular speed, clockwise or anticlockwise
/// as seen on the sensor: what the rotating-bar and circling-dot scenes share.
/// </summary>
public abstract class TurningScene : IScene
{
    /// <summary>True for clockwise motion on screen.</summary>
    public bool Clockwise { get; set; } = true;

    /// <summary>Angular speed in radians per second (≥ 0).</summary>
    public double AngularSpeed { get; set; } = 2 * Math.PI;

    /// <summary>Angle of the shape at time 0, in degrees (0 = to the right of the centre, or horizontal).</summary>
    public double InitialAngleDegrees { get; set; }

    /// <summary>Centre of the turn, x in scene units.</summary>
    public double CentreX { get; set; }

    /// <summary>Centre of the turn, y in scene units (down).</summary>
    public double CentreY { get; set; }

    /// <summary>Background intensity (0..255).</summary>
    public float Background { get; set; } = 40;

    /// <summary>Shape intensity (0..255).</summary>
    public abstract float Foreground { get; set; }

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
        // With y pointing down, a growing angle turns clockwise on screen.
        Draw(canvas, (InitialAngleDegrees * Math.PI / 180) + (Clockwise ? turn : -turn));
    }

    /// <summary>Draws the shape at <paramref name="angle"/> radians on a cleared canvas.</summary>
    private protected abstract void Draw(Canvas canvas, double angle);
}
