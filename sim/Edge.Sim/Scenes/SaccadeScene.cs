using Edge.Runtime.Events;

namespace Edge.Sim.Scenes;

/// <summary>
/// Something bright on a dark screen seen by a camera making N-MNIST's three saccades
/// (<see cref="SaccadePath"/>): the shared screen, placement and motion of the glyph and the image
/// scenes; a subclass draws what is shown, centred where the path puts it.
/// </summary>
public abstract class SaccadeScene : IScene
{
    /// <summary>Horizontal size of the saccade triangle in scene units.</summary>
    public double Amplitude { get; set; } = 0.1;

    /// <summary>Duration of one saccade in microseconds.</summary>
    public long SaccadeUs { get; set; } = 100_000;

    /// <summary>Centre of what is shown, x in scene units (the triangle is centred on it).</summary>
    public double CentreX { get; set; }

    /// <summary>Centre of what is shown, y in scene units (down).</summary>
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
        Draw(canvas, CentreX + dx, CentreY + dy);
    }

    /// <summary>Offset of what is shown at <paramref name="timeUs"/>, relative to the triangle's centroid.</summary>
    internal (double X, double Y) Displacement(long timeUs) => SaccadePath.Offset(timeUs, Amplitude, SaccadeUs);

    /// <summary>Draws what is shown in <see cref="Foreground"/>, centred on (x, y).</summary>
    protected abstract void Draw(Canvas canvas, double x, double y);
}
