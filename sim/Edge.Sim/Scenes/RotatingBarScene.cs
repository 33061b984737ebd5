namespace Edge.Sim.Scenes;

/// <summary>A bright bar turning about a point, clockwise or anticlockwise as seen on the sensor.</summary>
public sealed class RotatingBarScene : TurningScene
{
    /// <summary>Length of the bar (infinity spans the sensor).</summary>
    public double Length { get; set; } = 0.8;

    /// <summary>Width of the bar.</summary>
    public double Width { get; set; } = 0.08;

    /// <inheritdoc />
    public override float Foreground { get; set; } = 160;

    private protected override void Draw(Canvas canvas, double angle) =>
        canvas.FillBox(CentreX, CentreY, Length / 2, Width / 2, angle, Foreground);
}
