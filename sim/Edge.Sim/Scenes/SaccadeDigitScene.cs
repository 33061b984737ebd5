using Edge.Runtime.Events;

namespace Edge.Sim.Scenes;

/// <summary>
/// A bright digit glyph on a dark screen seen by a camera making three saccades, the way N-MNIST
/// was recorded: three 100 ms movements tracing a closed triangle, repeated (<see cref="SaccadePath"/>).
/// </summary>
public sealed class SaccadeDigitScene : IScene
{
    /// <summary>The digit shown (0–9).</summary>
    public int Digit { get; set; }

    /// <summary>Glyph height in scene units.</summary>
    public double GlyphHeight { get; set; } = 0.7;

    /// <summary>Horizontal size of the saccade triangle in scene units.</summary>
    public double Amplitude { get; set; } = 0.1;

    /// <summary>Duration of one saccade in microseconds.</summary>
    public long SaccadeUs { get; set; } = 100_000;

    /// <summary>Glyph centre, x in scene units (the triangle is centred on it).</summary>
    public double CentreX { get; set; }

    /// <summary>Glyph centre, y in scene units (down).</summary>
    public double CentreY { get; set; }

    /// <summary>Screen intensity (0..255).</summary>
    public float Background { get; set; } = 20;

    /// <summary>Ink intensity (0..255).</summary>
    public float Foreground { get; set; } = 200;

    /// <inheritdoc />
    public long? DurationUs => null;

    /// <inheritdoc />
    public SensorGeometry? NativeGeometry => null;

    /// <inheritdoc />
    public void Render(long timeUs, SensorGeometry geometry, Span<float> frame)
    {
        var canvas = new Canvas(frame, geometry);
        canvas.Clear(Background);
        var (dx, dy) = Displacement(timeUs);
        var cell = GlyphHeight / DigitFont.Rows;
        var left = CentreX + dx - (DigitFont.Columns * cell / 2);
        var top = CentreY + dy - (DigitFont.Rows * cell / 2);
        canvas.FillBitmap(DigitFont.Glyph(Digit), DigitFont.Columns, DigitFont.Rows, left, top, cell, Foreground);
    }

    /// <summary>Offset of the image at <paramref name="timeUs"/>, relative to the triangle's centroid.</summary>
    internal (double X, double Y) Displacement(long timeUs) => SaccadePath.Offset(timeUs, Amplitude, SaccadeUs);
}
