namespace Edge.Drivers.Datasets;

/// <summary>
/// torchvision's antialiased bilinear <c>Resize</c> of float planes: a horizontal pass, then a
/// vertical pass, with the separable weights of <see cref="ResampleAxis"/>. Optionally rounds the
/// result half to even, as torchvision does when it casts a resized integer image back.
/// Buffers are allocated once; <see cref="Resize"/> allocates nothing.
/// </summary>
internal sealed class BilinearResampler
{
    private readonly ResampleAxis _x;
    private readonly ResampleAxis _y;
    private readonly float[] _wx;
    private readonly float[] _wy;
    private readonly float[] _rows;
    private readonly bool _round;

    public BilinearResampler(int inWidth, int inHeight, int outWidth, int outHeight, bool round)
    {
        _x = new ResampleAxis(inWidth, outWidth);
        _y = new ResampleAxis(inHeight, outHeight);
        _wx = ToSingle(_x.Weights);
        _wy = ToSingle(_y.Weights);
        _rows = new float[inHeight * outWidth];
        _round = round;
    }

    /// <summary>Resizes <paramref name="channels"/> planes of <paramref name="source"/> into <paramref name="destination"/>.</summary>
    public void Resize(ReadOnlySpan<float> source, Span<float> destination, int channels)
    {
        int inW = _x.InSize, inH = _y.InSize, outW = _x.OutSize, outH = _y.OutSize;
        for (var c = 0; c < channels; c++)
        {
            var plane = source.Slice(c * inW * inH, inW * inH);
            for (var y = 0; y < inH; y++)
            {
                var row = plane.Slice(y * inW, inW);
                for (var o = 0; o < outW; o++)
                {
                    var w = _wx.AsSpan(o * _x.Taps, _x.Count[o]);
                    var taps = row.Slice(_x.Start[o], w.Length);
                    var sum = 0f;
                    for (var k = 0; k < w.Length; k++)
                    {
                        sum += taps[k] * w[k];
                    }
                    _rows[(y * outW) + o] = sum;
                }
            }
            var output = destination.Slice(c * outW * outH, outW * outH);
            for (var o = 0; o < outH; o++)
            {
                var w = _wy.AsSpan(o * _y.Taps, _y.Count[o]);
                var first = _y.Start[o];
                for (var x = 0; x < outW; x++)
                {
                    var sum = 0f;
                    for (var k = 0; k < w.Length; k++)
                    {
                        sum += _rows[((first + k) * outW) + x] * w[k];
                    }
                    output[(o * outW) + x] = _round ? MathF.Round(sum, MidpointRounding.ToEven) : sum;
                }
            }
        }
    }

    private static float[] ToSingle(double[] weights)
    {
        var result = new float[weights.Length];
        for (var i = 0; i < weights.Length; i++)
        {
            result[i] = (float)weights[i];
        }
        return result;
    }
}
