using Edge.Runtime.Events;

namespace Edge.Sim.Sensor;

/// <summary>
/// The lens's defocus: a Gaussian point-spread function of <see cref="SigmaPixels"/> applied to each
/// rendered frame before the pixels see it, separably (rows, then columns), edges clamped. The
/// kernel (radius ⌈3σ⌉) and the scratch frame are made at construction; <see cref="Apply"/>
/// allocates nothing.
/// </summary>
public sealed class OpticalBlur
{
    private readonly float[] _kernel;
    private readonly float[] _scratch;
    private readonly int _width;
    private readonly int _height;

    /// <summary>Creates the blur for frames of <paramref name="geometry"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The sigma is not positive and finite.</exception>
    public OpticalBlur(SensorGeometry geometry, double sigmaPixels)
    {
        if (!(sigmaPixels > 0) || double.IsInfinity(sigmaPixels))
        {
            throw new ArgumentOutOfRangeException(nameof(sigmaPixels), sigmaPixels, "blur sigma must be a positive number of pixels");
        }
        SigmaPixels = sigmaPixels;
        var radius = (int)Math.Ceiling(3 * sigmaPixels);
        _kernel = new float[(2 * radius) + 1];
        var sum = 0.0;
        for (var k = -radius; k <= radius; k++)
        {
            sum += Math.Exp(-k * k / (2 * sigmaPixels * sigmaPixels));
        }
        for (var k = -radius; k <= radius; k++)
        {
            _kernel[k + radius] = (float)(Math.Exp(-k * k / (2 * sigmaPixels * sigmaPixels)) / sum);
        }
        _width = geometry.Width;
        _height = geometry.Height;
        _scratch = new float[geometry.Pixels];
    }

    /// <summary>Standard deviation of the point-spread function in pixels.</summary>
    public double SigmaPixels { get; }

    /// <summary>Blurs <paramref name="frame"/> in place.</summary>
    public void Apply(Span<float> frame)
    {
        var radius = _kernel.Length / 2;
        for (var y = 0; y < _height; y++)
        {
            var row = frame.Slice(y * _width, _width);
            var output = _scratch.AsSpan(y * _width, _width);
            for (var x = 0; x < _width; x++)
            {
                var sum = 0f;
                for (var k = -radius; k <= radius; k++)
                {
                    sum += _kernel[k + radius] * row[Math.Clamp(x + k, 0, _width - 1)];
                }
                output[x] = sum;
            }
        }
        for (var y = 0; y < _height; y++)
        {
            var output = frame.Slice(y * _width, _width);
            for (var x = 0; x < _width; x++)
            {
                var sum = 0f;
                for (var k = -radius; k <= radius; k++)
                {
                    sum += _kernel[k + radius] * _scratch[(Math.Clamp(y + k, 0, _height - 1) * _width) + x];
                }
                output[x] = sum;
            }
        }
    }
}
