using Edge.Runtime.Events;

namespace Edge.Sim.Scenes;

/// <summary>
/// A bright bar (or, made wide, an edge) crossing the sensor at constant speed in any direction.
/// It leaves on one side and comes back on the other, so the scene runs forever. Units are scene
/// units (the shorter sensor side is 1) and seconds.
/// </summary>
public sealed class MovingBarScene : IScene
{
    /// <summary>Direction of motion in degrees: 0 = right, 90 = up, 180 = left, 270 = down.</summary>
    public double DirectionDegrees { get; set; }

    /// <summary>Speed in scene units per second.</summary>
    public double Speed { get; set; } = 1;

    /// <summary>Width of the bar along the motion (make it ≥ the sensor for a single sweeping edge).</summary>
    public double Width { get; set; } = 0.1;

    /// <summary>Length of the bar across the motion; infinity spans the sensor.</summary>
    public double Length { get; set; } = double.PositiveInfinity;

    /// <summary>Position of the bar's centre along the motion at time 0 (0 = sensor centre).</summary>
    public double Offset { get; set; }

    /// <summary>Shift of the bar across the motion (matters for a finite length).</summary>
    public double Lateral { get; set; }

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
        var direction = DirectionDegrees * Math.PI / 180;
        var dx = Math.Cos(direction);
        var dy = -Math.Sin(direction); // screen y grows downwards
        // One lap: across the sensor's extent along the motion, plus the bar, plus a pixel each side.
        var extent = (Math.Abs(dx) * canvas.HalfWidth) + (Math.Abs(dy) * canvas.HalfHeight);
        var period = (2 * extent) + Width + (2 / canvas.Scale);
        var s = Offset + (Speed * timeUs * 1e-6);
        s -= period * Math.Floor((s / period) + 0.5);
        var x = (s * dx) - (Lateral * dy);
        var y = (s * dy) + (Lateral * dx);
        canvas.FillBox(x, y, Length / 2, Width / 2, Math.Atan2(dy, dx) + (Math.PI / 2), Foreground);
    }
}
