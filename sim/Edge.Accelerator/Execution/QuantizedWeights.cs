namespace Edge.Accelerator.Execution;

/// <summary>
/// A synapse's weights as the cores hold them: signed integers of the chip's weight width, scaled so
/// that the layer's largest weight takes the largest integer (the threshold and bias are scaled with
/// them, so any scale is exact on the chip). A layer with two synapse sets (feed-forward and
/// recurrent) shares one membrane scale; the set with the smaller weights gets a power-of-two
/// <see cref="Exponent"/> (as a Loihi synapse format's weight exponent) so that it keeps its
/// precision. Keeps the dequantised copy the learning signal uses.
/// </summary>
internal sealed class QuantizedWeights
{
    public QuantizedWeights(int count, int rowLength)
    {
        Values = new short[count];
        Dequantized = new float[count];
        NonZeroPerRow = new int[count / rowLength];
        _rowLength = rowLength;
    }

    private readonly int _rowLength;

    /// <summary>Non-zero weights of each row (one input's weights to every output channel).</summary>
    public int[] NonZeroPerRow { get; }

    /// <summary>Integer weights in the runtime's layout (rows (ky, kx, c) of C_out values).</summary>
    public short[] Values { get; }

    /// <summary>Values / scale.</summary>
    public float[] Dequantized { get; }

    /// <summary>Weights that quantised to zero.</summary>
    public long Zeros { get; private set; }

    /// <summary>log2 of how much finer this set's integers are than the layer's scale (the weight shift is smaller by as much).</summary>
    public int Exponent { get; private set; }

    /// <summary>
    /// Quantises <paramref name="real"/> × <paramref name="factor"/> with <paramref name="scale"/>·2^<paramref name="exponent"/>
    /// integers per unit, saturating at ±<paramref name="max"/>; returns the values clipped.
    /// </summary>
    public long Load(ReadOnlySpan<float> real, float factor, double scale, int max, int exponent = 0)
    {
        Exponent = exponent;
        scale *= 1 << exponent;
        long clipped = 0, zeros = 0;
        for (var i = 0; i < Values.Length; i++)
        {
            var q = Math.Round(real[i] * factor * scale, MidpointRounding.AwayFromZero);
            if (Math.Abs(q) > max)
            {
                clipped++;
                q = Math.CopySign(max, q);
            }
            Values[i] = (short)q;
            Dequantized[i] = (float)(q / scale);
            zeros += q == 0 ? 1 : 0;
        }
        Zeros = zeros;
        for (var r = 0; r < NonZeroPerRow.Length; r++)
        {
            var n = 0;
            foreach (var v in Values.AsSpan(r * _rowLength, _rowLength))
            {
                n += v != 0 ? 1 : 0;
            }
            NonZeroPerRow[r] = n;
        }
        return clipped;
    }

    /// <summary>Largest |value × factor| of <paramref name="real"/>.</summary>
    public static double MaxAbs(ReadOnlySpan<float> real, float factor)
    {
        double max = 0;
        foreach (var v in real)
        {
            max = Math.Max(max, Math.Abs(v * factor));
        }
        return max;
    }
}
