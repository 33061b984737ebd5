using Edge.Runtime.Events;

namespace Edge.Sim.Scenes;

/// <summary>
/// Draws anti-aliased shapes into an intensity frame. Shapes are placed in scene units: the
/// shorter side of the sensor spans 1, (0, 0) is its centre, x grows to the right and y downwards,
/// so a scene looks the same at every resolution. Edges get a one-pixel linear ramp (coverage of
/// the pixel by the shape), so sub-pixel motion changes intensities smoothly, as optics do.
/// </summary>
public readonly ref struct Canvas
{
    private readonly Span<float> _frame;
    private readonly int _width;
    private readonly int _height;

    /// <summary>Wraps a frame of <paramref name="geometry"/>.</summary>
    public Canvas(Span<float> frame, SensorGeometry geometry)
    {
        if (frame.Length != geometry.Pixels)
        {
            throw new ArgumentException($"frame holds {frame.Length} values, a {geometry} frame needs {geometry.Pixels}", nameof(frame));
        }
        _frame = frame;
        _width = geometry.Width;
        _height = geometry.Height;
        Scale = Math.Min(_width, _height);
    }

    /// <summary>Pixels per scene unit (the shorter side of the sensor).</summary>
    public double Scale { get; }

    /// <summary>Half the sensor width in scene units (0.5 on a square sensor).</summary>
    public double HalfWidth => _width / (2 * Scale);

    /// <summary>Half the sensor height in scene units.</summary>
    public double HalfHeight => _height / (2 * Scale);

    /// <summary>Sets every pixel to <paramref name="intensity"/>.</summary>
    public void Clear(float intensity) => _frame.Fill(intensity);

    /// <summary>A disc of <paramref name="radius"/> around (x, y).</summary>
    public void FillDisc(double x, double y, double radius, float intensity) =>
        FillCapsule(x, y, x, y, radius, intensity);

    /// <summary>A segment from a to b thickened by <paramref name="radius"/> (round ends): arms, dots, strokes.</summary>
    public void FillCapsule(double ax, double ay, double bx, double by, double radius, float intensity)
    {
        var pax = PixelX(ax);
        var pay = PixelY(ay);
        var abx = (bx - ax) * Scale;
        var aby = (by - ay) * Scale;
        var r = radius * Scale;
        var lengthSquared = (abx * abx) + (aby * aby);
        var inverse = lengthSquared > 0 ? 1 / lengthSquared : 0;
        var (x0, x1) = PixelRange(Math.Min(pax, pax + abx) - r, Math.Max(pax, pax + abx) + r, _width);
        var (y0, y1) = PixelRange(Math.Min(pay, pay + aby) - r, Math.Max(pay, pay + aby) + r, _height);
        for (var y = y0; y < y1; y++)
        {
            var row = _frame.Slice(y * _width, _width);
            var py = y + 0.5 - pay;
            for (var x = x0; x < x1; x++)
            {
                var px = x + 0.5 - pax;
                var h = Math.Clamp(((px * abx) + (py * aby)) * inverse, 0, 1);
                var dx = px - (abx * h);
                var dy = py - (aby * h);
                Blend(ref row[x], intensity, Math.Sqrt((dx * dx) + (dy * dy)) - r);
            }
        }
    }

    /// <summary>
    /// A rectangle centred on (x, y) whose long axis points at <paramref name="angle"/> radians
    /// (0 = along x, growing clockwise on screen); an infinite half-length spans the sensor.
    /// </summary>
    public void FillBox(double x, double y, double halfLength, double halfWidth, double angle, float intensity)
    {
        var cx = PixelX(x);
        var cy = PixelY(y);
        // An "infinite" bar only needs to reach past the sensor's corners.
        var hl = Math.Min(halfLength * Scale, 2.0 * (_width + _height));
        var hw = halfWidth * Scale;
        var (sin, cos) = Math.SinCos(angle);
        var extentX = (Math.Abs(cos) * hl) + (Math.Abs(sin) * hw);
        var extentY = (Math.Abs(sin) * hl) + (Math.Abs(cos) * hw);
        var (x0, x1) = PixelRange(cx - extentX, cx + extentX, _width);
        var (y0, y1) = PixelRange(cy - extentY, cy + extentY, _height);
        for (var py = y0; py < y1; py++)
        {
            var row = _frame.Slice(py * _width, _width);
            var dy = py + 0.5 - cy;
            for (var px = x0; px < x1; px++)
            {
                var dx = px + 0.5 - cx;
                var along = Math.Abs((dx * cos) + (dy * sin)) - hl;
                var across = Math.Abs((dy * cos) - (dx * sin)) - hw;
                var outAlong = Math.Max(along, 0);
                var outAcross = Math.Max(across, 0);
                var distance = Math.Sqrt((outAlong * outAlong) + (outAcross * outAcross)) + Math.Min(Math.Max(along, across), 0);
                Blend(ref row[px], intensity, distance);
            }
        }
    }

    /// <summary>
    /// A bitmap (row-major cells, non-zero = set) whose upper-left corner is at (left, top) and whose
    /// cells are <paramref name="cellSize"/> scene units wide. Each pixel takes the exact share of
    /// its area covered by set cells.
    /// </summary>
    public void FillBitmap(ReadOnlySpan<byte> cells, int columns, int rows, double left, double top, double cellSize, float intensity)
    {
        if (cells.Length != columns * rows)
        {
            throw new ArgumentException($"bitmap holds {cells.Length} cells, {columns}×{rows} expected", nameof(cells));
        }
        var ox = PixelX(left);
        var oy = PixelY(top);
        var cell = cellSize * Scale;
        var (x0, x1) = PixelRange(ox, ox + (columns * cell), _width);
        var (y0, y1) = PixelRange(oy, oy + (rows * cell), _height);
        var pixelArea = cell * cell;
        for (var y = y0; y < y1; y++)
        {
            var row = _frame.Slice(y * _width, _width);
            var gy0 = (y - oy) / cell;
            var gy1 = (y + 1 - oy) / cell;
            for (var x = x0; x < x1; x++)
            {
                var gx0 = (x - ox) / cell;
                var gx1 = (x + 1 - ox) / cell;
                var covered = 0.0;
                for (var r = Math.Max(0, (int)Math.Floor(gy0)); r < rows && r < gy1; r++)
                {
                    var overlapY = Math.Min(gy1, r + 1) - Math.Max(gy0, r);
                    for (var c = Math.Max(0, (int)Math.Floor(gx0)); c < columns && c < gx1; c++)
                    {
                        if (cells[(r * columns) + c] != 0)
                        {
                            covered += overlapY * (Math.Min(gx1, c + 1) - Math.Max(gx0, c));
                        }
                    }
                }
                if (covered > 0)
                {
                    ref var value = ref row[x];
                    value += (intensity - value) * (float)Math.Min(1, covered * pixelArea);
                }
            }
        }
    }

    /// <summary>
    /// A grayscale image (row-major coverage values 0..1) whose upper-left corner is at (left, top)
    /// and whose pixels are <paramref name="pixelSize"/> scene units wide, sampled bilinearly at each
    /// sensor pixel's centre (zero coverage outside the image): <paramref name="intensity"/> is mixed
    /// in by the sampled coverage.
    /// </summary>
    public void FillImage(ReadOnlySpan<float> coverage, int columns, int rows, double left, double top, double pixelSize, float intensity)
    {
        if (coverage.Length != columns * rows)
        {
            throw new ArgumentException($"image holds {coverage.Length} values, {columns}×{rows} expected", nameof(coverage));
        }
        var ox = PixelX(left);
        var oy = PixelY(top);
        var cell = pixelSize * Scale;
        var (x0, x1) = PixelRange(ox - cell, ox + ((columns + 1) * cell), _width);
        var (y0, y1) = PixelRange(oy - cell, oy + ((rows + 1) * cell), _height);
        for (var y = y0; y < y1; y++)
        {
            var row = _frame.Slice(y * _width, _width);
            var gy = ((y + 0.5 - oy) / cell) - 0.5;
            var r0 = (int)Math.Floor(gy);
            var wy = (float)(gy - r0);
            for (var x = x0; x < x1; x++)
            {
                var gx = ((x + 0.5 - ox) / cell) - 0.5;
                var c0 = (int)Math.Floor(gx);
                var wx = (float)(gx - c0);
                var top0 = Sample(coverage, columns, rows, c0, r0) + (wx * (Sample(coverage, columns, rows, c0 + 1, r0) - Sample(coverage, columns, rows, c0, r0)));
                var bottom = Sample(coverage, columns, rows, c0, r0 + 1) + (wx * (Sample(coverage, columns, rows, c0 + 1, r0 + 1) - Sample(coverage, columns, rows, c0, r0 + 1)));
                var covered = top0 + (wy * (bottom - top0));
                if (covered > 0)
                {
                    ref var value = ref row[x];
                    value += (intensity - value) * Math.Min(1f, covered);
                }
            }
        }
    }

    private static float Sample(ReadOnlySpan<float> image, int columns, int rows, int c, int r) =>
        (uint)c < (uint)columns && (uint)r < (uint)rows ? image[(r * columns) + c] : 0f;

    private double PixelX(double x) => (_width * 0.5) + (x * Scale);

    private double PixelY(double y) => (_height * 0.5) + (y * Scale);

    /// <summary>Pixel columns (or rows) [first, end) touched by the extent [lo, hi] plus the anti-aliasing ramp.</summary>
    private static (int First, int End) PixelRange(double lo, double hi, int size)
    {
        var first = (int)Math.Clamp(Math.Floor(lo - 1), 0, size);
        var end = (int)Math.Clamp(Math.Ceiling(hi + 1), 0, size);
        return (first, Math.Max(first, end));
    }

    /// <summary>Mixes <paramref name="intensity"/> in by the coverage of a pixel whose centre is <paramref name="distance"/> px outside the shape.</summary>
    private static void Blend(ref float value, float intensity, double distance)
    {
        var coverage = Math.Clamp(0.5 - distance, 0, 1);
        if (coverage > 0)
        {
            value += (intensity - value) * (float)coverage;
        }
    }
}
