namespace Edge.Drivers.Datasets;

/// <summary>
/// The official CIFAR10-DVS frame path (torchvision <c>ToPILImage</c> → Pillow <c>resize</c> →
/// <c>ToTensor</c>) on a two-channel count frame, reproduced byte for byte:
/// <list type="number">
/// <item>each count becomes the byte of count × 255 (the float-to-byte cast keeps the low 8 bits);</item>
/// <item>the two channels form an "LA" image, which Pillow premultiplies (L·A/255) before resizing;</item>
/// <item>both bands are resampled in 8-bit fixed point (22 fraction bits), horizontally then vertically;</item>
/// <item>L is un-premultiplied (255·L/A) and both bands are divided by 255.</item>
/// </list>
/// Buffers are allocated once; <see cref="Resize"/> allocates nothing.
/// </summary>
internal sealed class PilBilinearResampler
{
    private const int PrecisionBits = 32 - 8 - 2;

    private readonly ResampleAxis _x;
    private readonly ResampleAxis _y;
    private readonly int[] _kx;
    private readonly int[] _ky;
    private readonly byte[] _l;
    private readonly byte[] _a;
    private readonly byte[] _rowsL;
    private readonly byte[] _rowsA;
    private readonly byte[] _outL;
    private readonly byte[] _outA;

    public PilBilinearResampler(int inWidth, int inHeight, int outWidth, int outHeight)
    {
        _x = new ResampleAxis(inWidth, outWidth);
        _y = new ResampleAxis(inHeight, outHeight);
        _kx = FixedPoint(_x.Weights);
        _ky = FixedPoint(_y.Weights);
        _l = new byte[inWidth * inHeight];
        _a = new byte[inWidth * inHeight];
        _rowsL = new byte[inHeight * outWidth];
        _rowsA = new byte[inHeight * outWidth];
        _outL = new byte[outWidth * outHeight];
        _outA = new byte[outWidth * outHeight];
    }

    /// <summary>
    /// Resizes the count frame <paramref name="source"/> ([2, H_in, W_in]: channel 0 = L, 1 = A) into
    /// <paramref name="destination"/> ([2, H_out, W_out], values in [0, 1]).
    /// </summary>
    public void Resize(ReadOnlySpan<float> source, Span<float> destination)
    {
        var plane = _l.Length;
        for (var i = 0; i < plane; i++)
        {
            var l = ToByte(source[i]);
            var a = ToByte(source[plane + i]);
            _l[i] = MulDiv255(l, a);
            _a[i] = a;
        }
        Horizontal(_l, _rowsL);
        Horizontal(_a, _rowsA);
        Vertical(_rowsL, _outL);
        Vertical(_rowsA, _outA);
        var outPlane = _outL.Length;
        for (var i = 0; i < outPlane; i++)
        {
            int a = _outA[i];
            int l = _outL[i];
            if (a is not (0 or 255))
            {
                l = Math.Min(255, 255 * l / a);
            }
            destination[i] = l / 255f;
            destination[outPlane + i] = a / 255f;
        }
    }

    /// <summary>torch's <c>mul(255).byte()</c>: the float-to-uint8 cast keeps the low 8 bits.</summary>
    private static byte ToByte(float count) => unchecked((byte)(long)(count * 255f));

    /// <summary>Pillow's MULDIV255: a·b/255 rounded.</summary>
    private static byte MulDiv255(int a, int b)
    {
        var t = (a * b) + 128;
        return (byte)(((t >> 8) + t) >> 8);
    }

    private void Horizontal(byte[] input, byte[] output)
    {
        int inW = _x.InSize, outW = _x.OutSize;
        for (var y = 0; y < _y.InSize; y++)
        {
            for (var o = 0; o < outW; o++)
            {
                var start = _x.Start[o];
                var k = o * _x.Taps;
                var sum = 1 << (PrecisionBits - 1);
                for (var t = 0; t < _x.Count[o]; t++)
                {
                    sum += input[(y * inW) + start + t] * _kx[k + t];
                }
                output[(y * outW) + o] = Clip8(sum);
            }
        }
    }

    private void Vertical(byte[] input, byte[] output)
    {
        var width = _x.OutSize;
        for (var o = 0; o < _y.OutSize; o++)
        {
            var start = _y.Start[o];
            var k = o * _y.Taps;
            for (var x = 0; x < width; x++)
            {
                var sum = 1 << (PrecisionBits - 1);
                for (var t = 0; t < _y.Count[o]; t++)
                {
                    sum += input[((start + t) * width) + x] * _ky[k + t];
                }
                output[(o * width) + x] = Clip8(sum);
            }
        }
    }

    private static byte Clip8(int value) => (byte)Math.Clamp(value >> PrecisionBits, 0, 255);

    private static int[] FixedPoint(double[] weights)
    {
        var result = new int[weights.Length];
        for (var i = 0; i < weights.Length; i++)
        {
            var w = weights[i] * (1 << PrecisionBits);
            result[i] = (int)(w < 0 ? w - 0.5 : w + 0.5);
        }
        return result;
    }
}
