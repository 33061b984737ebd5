namespace Edge.Sim.Scenes;

/// <summary>A bright dot going round a circle, clockwise or anticlockwise as seen on the sensor.</summary>
public sealed class CirclingDotScene : TurningScene
{
    /// <summary>Orbit radius in scene units.</summary>
    public double OrbitRadius { get; set; } = 0.3;

    /// <summary>Dot radius in scene units.</summary>
    public double Radius { get; set; } = 0.08;

    /// <inheritdoc />
    public override float Foreground { get; set; } = 180;

    private protected override void Draw(Canvas canvas, double angle)
    {
        var (sin, cos) = Math.SinCos(angle);
        canvas.FillDisc(CentreX + (OrbitRadius * cos), CentreY + (OrbitRadius * sin), Radius, Foreground);
    }
}
