namespace Edge.Sim.Scenes;

/// <summary>
/// A bright digit glyph on a dark screen seen by a camera making three saccades, the way N-MNIST
/// was recorded: three 100 ms movements tracing a closed triangle, repeated (<see cref="SaccadePath"/>).
/// </summary>
public sealed class SaccadeDigitScene : SaccadeScene
{
    /// <summary>The digit shown (0–9).</summary>
    public int Digit { get; set; }

    /// <summary>Glyph height in scene units.</summary>
    public double GlyphHeight { get; set; } = 0.7;

    /// <inheritdoc />
    protected override void Draw(Canvas canvas, double x, double y)
    {
        var cell = GlyphHeight / DigitFont.Rows;
        canvas.FillBitmap(DigitFont.Glyph(Digit), DigitFont.Columns, DigitFont.Rows,
            x - (DigitFont.Columns * cell / 2), y - (DigitFont.Rows * cell / 2), cell, Foreground);
    }
}
