namespace Edge.Sim.Scenes;

/// <summary>
/// A grayscale image (a handwritten digit, say) shown bright on a dark screen and seen by a camera
/// making N-MNIST's three saccades (<see cref="SaccadePath"/>). The image is scaled bilinearly: its
/// values are ink coverage 0..1, mixed from <see cref="SaccadeScene.Background"/> to
/// <see cref="SaccadeScene.Foreground"/>.
/// </summary>
public sealed class SaccadeImageScene : SaccadeScene
{
    private float[] _image = [];
    private int _columns;
    private int _rows;

    /// <summary>Height of the image in scene units (the width follows its aspect ratio); 28/34 shows a 28-pixel image 28 pixels high on N-MNIST's 34 × 34 array.</summary>
    public double ImageHeight { get; set; } = 28.0 / 34;

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
    protected override void Draw(Canvas canvas, double x, double y)
    {
        if (_columns == 0)
        {
            throw new InvalidOperationException("Set an image before rendering the scene.");
        }
        var pixel = ImageHeight / _rows;
        canvas.FillImage(_image, _columns, _rows, x - (_columns * pixel / 2), y - (_rows * pixel / 2), pixel, Foreground);
    }
}
