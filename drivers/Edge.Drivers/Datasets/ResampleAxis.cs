namespace Edge.Drivers.Datasets;

/// <summary>
/// Antialiased bilinear resampling weights along one axis, computed as Pillow's
/// <c>precompute_coeffs</c> and torchvision's antialiased interpolation do: when shrinking, the
/// triangle filter is widened by the scale, so every input pixel contributes. Output pixel i takes
/// input pixels <see cref="Start"/>[i] … + <see cref="Count"/>[i] − 1 with weights summing to 1.
/// </summary>
internal sealed class ResampleAxis
{
    /// <summary>Computes the weights for <paramref name="inSize"/> → <paramref name="outSize"/> pixels.</summary>
    public ResampleAxis(int inSize, int outSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(outSize);
        InSize = inSize;
        OutSize = outSize;
        var scale = (double)inSize / outSize;
        var filterScale = Math.Max(scale, 1.0);
        var support = filterScale; // the bilinear (triangle) filter has support 1
        Taps = ((int)Math.Ceiling(support) * 2) + 1;
        Start = new int[outSize];
        Count = new int[outSize];
        Weights = new double[outSize * Taps];
        for (var o = 0; o < outSize; o++)
        {
            var center = (o + 0.5) * scale;
            var min = Math.Max(0, (int)(center - support + 0.5));
            var max = Math.Min(inSize, (int)(center + support + 0.5));
            var row = Weights.AsSpan(o * Taps, Taps);
            var total = 0.0;
            for (var k = 0; k < max - min; k++)
            {
                var x = Math.Abs((k + min - center + 0.5) / filterScale);
                row[k] = x < 1.0 ? 1.0 - x : 0.0;
                total += row[k];
            }
            if (total != 0.0)
            {
                for (var k = 0; k < max - min; k++)
                {
                    row[k] /= total;
                }
            }
            Start[o] = min;
            Count[o] = max - min;
        }
    }

    /// <summary>Input pixels.</summary>
    public int InSize { get; }

    /// <summary>Output pixels.</summary>
    public int OutSize { get; }

    /// <summary>Weights stored per output pixel (the row stride of <see cref="Weights"/>).</summary>
    public int Taps { get; }

    /// <summary>First input pixel of each output pixel.</summary>
    public int[] Start { get; }

    /// <summary>Input pixels of each output pixel.</summary>
    public int[] Count { get; }

    /// <summary>Weights, <see cref="Taps"/> per output pixel.</summary>
    public double[] Weights { get; }
}
