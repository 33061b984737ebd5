using Edge.Runtime.Events;

namespace Edge.Sim.Scenes;

/// <summary>
/// A grayscale image (a handwritten digit, say) shown bright on a dark screen and seen by a camera
/// making N-MNIST's three saccades (<see cref="SaccadePath"/>). The image is scaled bilinearly: its
/// values are ink coverage 0..1, mixed from <see cref="Background"/> to <see cref="Foreground"/>.
/// </summary>
public sealed class SaccadeImageScene : IScene
{
    private float[] _image = [];
    private int _columns;
    private int _rows;

    /// <summary>Height of the image in scene units (the width follows its aspect ratio).</summary>
    public double ImageHeight { get; set; } = 28.0 / 34;

    /// <summary>Horizontal size of the saccade triangle in scene units.</summary>
    public double Amplitude { get; set; } = 0.1;

    /// <summary>Duration of one saccade in microseconds.</summary>
    public long SaccadeUs { get; set; } = 100_000;

    /// <summary>Image centre, x in scene units (the triangle is centred on it).</summary>
    public double CentreX { get; set; }

    /// <summary>Image centre, y in scene units (down).</summary>
    public double CentreY { get; set; }

    /// <summary>Screen intensity where there is no ink (0..255).</summary>
    public float Background { get; set; } = 20;

    /// <summary>Intensity of full ink (0..255).</summary>
    public float Foreground { get; set; } = 200;

    /// <inheritdoc />
    public long? DurationUs => null;

    /// <inheritdoc />
    public SensorGeometry? NativeGeometry => null;

    /// <summary>Shows <paramref name="coverage"/> (row-major, <paramref name="columns"/> × <paramref name="rows"/>, values 0..1).</summary>
    /// <exception cref="ArgumentException">The span does not hold columns × rows values.</exception>
    public void SetImage(ReadOnlySpan<float> coverage, int columns, int rows)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(columns);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rows);
        if (coverage.Length != columns * rows)
        {
            throw new ArgumentException($"image holds {coverage.Length} values, {columns}×{rows} expected", nameof(coverage));
        }
        if (_image.Length != coverage.Length)
        {
            _image = new float[coverage.Length];
        }
        coverage.CopyTo(_image);
        _columns = columns;
        _rows = rows;
    }

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">No image was set.</exception>
    public void Render(long timeUs, SensorGeometry geometry, Span<float> frame)
    {
        if (_columns == 0)
        {
            throw new InvalidOperationException("Set an image before rendering the scene.");
        }
        var canvas = new Canvas(frame, geometry);
        canvas.Clear(Background);
        var (dx, dy) = SaccadePath.Offset(timeUs, Amplitude, SaccadeUs);
        var pixel = ImageHeight / _rows;
        var left = CentreX + dx - (_columns * pixel / 2);
        var top = CentreY + dy - (_rows * pixel / 2);
        canvas.FillImage(_image, _columns, _rows, left, top, pixel, Foreground);
    }
}
