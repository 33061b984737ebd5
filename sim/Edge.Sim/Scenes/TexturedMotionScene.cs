using Edge.Runtime.Events;

namespace Edge.Sim.Scenes;

/// <summary>How a <see cref="TexturedMotionScene"/> moves.</summary>
public enum TextureMotion
{
    /// <summary>The texture slides at a constant velocity.</summary>
    Translate,

    /// <summary>The texture turns about a centre at a constant angular speed.</summary>
    Rotate,

    /// <summary>The texture grows (or, with a negative rate, shrinks) about a centre at a constant exponential rate.</summary>
    Expand,
}

/// <summary>
/// A random texture filling the view that translates, rotates or expands: every pixel moves, and
/// its motion is known exactly (<see cref="Flow"/>), which makes these scenes the ground truth of
/// the flow task. Units are scene units (the shorter sensor side is 1, (0, 0) its centre, y down)
/// and seconds. Intensity follows the texture on a log scale between <see cref="Background"/> and
/// <see cref="Foreground"/>, so contrast is even across brightness.
/// </summary>
public sealed class TexturedMotionScene : IFlowScene
{
    /// <summary>The texture (redraw it for a new sample).</summary>
    public ValueNoiseTexture Texture { get; } = new(cells: 8);

    /// <summary>The motion.</summary>
    public TextureMotion Motion { get; set; }

    /// <summary>Velocity in scene units per second, x (right).</summary>
    public double VelocityX { get; set; }

    /// <summary>Velocity in scene units per second, y (down).</summary>
    public double VelocityY { get; set; }

    /// <summary>Rotation speed in radians per second, positive clockwise on screen.</summary>
    public double AngularSpeed { get; set; }

    /// <summary>Expansion rate in 1/s: the texture's size grows as e^(rate·t) (negative: contraction).</summary>
    public double ExpansionRate { get; set; }

    /// <summary>Centre of rotation or expansion, x.</summary>
    public double CentreX { get; set; }

    /// <summary>Centre of rotation or expansion, y.</summary>
    public double CentreY { get; set; }

    /// <summary>Darkest intensity (0..255).</summary>
    public float Background { get; set; } = 30;

    /// <summary>Brightest intensity (0..255).</summary>
    public float Foreground { get; set; } = 140;

    /// <inheritdoc />
    public long? DurationUs => null;

    /// <inheritdoc />
    public SensorGeometry? NativeGeometry => null;

    /// <inheritdoc />
    public void Render(long timeUs, SensorGeometry geometry, Span<float> frame)
    {
        if (frame.Length != geometry.Pixels)
        {
            throw new ArgumentException($"frame holds {frame.Length} values, a {geometry} frame needs {geometry.Pixels}", nameof(frame));
        }
        var t = timeUs * 1e-6;
        var scale = (double)Math.Min(geometry.Width, geometry.Height);
        var logRatio = Math.Log(Foreground / Background);
        for (var py = 0; py < geometry.Height; py++)
        {
            var y = (py + 0.5 - (geometry.Height / 2.0)) / scale;
            for (var px = 0; px < geometry.Width; px++)
            {
                var x = (px + 0.5 - (geometry.Width / 2.0)) / scale;
                var (u, v) = Move(x, y, -t);
                frame[(py * geometry.Width) + px] = (float)(Background * Math.Exp(logRatio * Texture.Sample(u, v)));
            }
        }
    }

    /// <inheritdoc />
    public void Flow(long fromUs, long toUs, SensorGeometry geometry, Span<float> flow)
    {
        var pixels = geometry.Pixels;
        if (flow.Length < 2 * pixels)
        {
            throw new ArgumentException($"flow holds {flow.Length} values, a {geometry} flow map needs {2 * pixels}", nameof(flow));
        }
        var dt = (toUs - fromUs) * 1e-6;
        var scale = (double)Math.Min(geometry.Width, geometry.Height);
        for (var py = 0; py < geometry.Height; py++)
        {
            var y = (py + 0.5 - (geometry.Height / 2.0)) / scale;
            for (var px = 0; px < geometry.Width; px++)
            {
                var x = (px + 0.5 - (geometry.Width / 2.0)) / scale;
                var (x1, y1) = Move(x, y, dt);
                var i = (py * geometry.Width) + px;
                flow[i] = (float)((x1 - x) * scale);
                flow[pixels + i] = (float)((y1 - y) * scale);
            }
        }
    }

    /// <summary>Where the texture point at (x, y) is after <paramref name="seconds"/> (negative: where it was).</summary>
    private (double X, double Y) Move(double x, double y, double seconds)
    {
        switch (Motion)
        {
            case TextureMotion.Translate:
                return (x + (VelocityX * seconds), y + (VelocityY * seconds));
            case TextureMotion.Rotate:
                // With y down, the standard rotation matrix turns clockwise on screen for a positive angle.
                var angle = AngularSpeed * seconds;
                var (sin, cos) = Math.SinCos(angle);
                double dx = x - CentreX, dy = y - CentreY;
                return (CentreX + (cos * dx) - (sin * dy), CentreY + (sin * dx) + (cos * dy));
            default:
                var k = Math.Exp(ExpansionRate * seconds);
                return (CentreX + (k * (x - CentreX)), CentreY + (k * (y - CentreY)));
        }
    }
}
