using System.Numerics;
using System.Runtime.InteropServices;

namespace Edge.Runtime.Kernels;

/// <summary>
/// Scaled weight standardization of the official code, per output channel o with fan-in n:
/// ŵ = (w − μ)/D with D = sqrt(n·σ²_unbiased + 1e-4), W_eff = g_o·ŵ; and the exact backward that
/// maps ∂L/∂W_eff to the raw weight and the gain. Weights are in the channels-last row layout
/// (rows × C_out, an output channel is a column), so every pass walks memory row by row with the
/// per-channel sums in a small buffer. Sums are accumulated in double: this runs once per
/// optimizer step, and the extra precision keeps results well inside the golden tolerance.
/// </summary>
public static class WeightStandardization
{
    /// <summary>The official ε added to n·σ².</summary>
    public const float Epsilon = 1e-4f;

    /// <summary>
    /// Computes W_eff from raw weights and gains; stores per-channel D in <paramref name="denominators"/>
    /// for the backward. <paramref name="scratch"/> holds at least 2 × cols doubles.
    /// </summary>
    public static void Forward(ReadOnlySpan<float> raw, ReadOnlySpan<float> gain, int rows, int cols, Span<float> effective, Span<float> denominators, Span<double> scratch)
    {
        var mean = scratch[..cols];
        var sq = scratch.Slice(cols, cols);
        ColumnSums(raw, rows, cols, mean);
        for (var o = 0; o < cols; o++)
        {
            mean[o] = (float)(mean[o] / rows); // the mean as the float PyTorch subtracts
        }
        sq.Clear();
        for (var r = 0; r < rows; r++)
        {
            var row = raw.Slice(r * cols, cols);
            for (var o = 0; o < cols; o++)
            {
                double d = row[o] - (float)mean[o];
                sq[o] += d * d;
            }
        }
        for (var o = 0; o < cols; o++)
        {
            var variance = rows > 1 ? (float)(sq[o] / (rows - 1)) : 0f;
            denominators[o] = MathF.Sqrt((variance * rows) + Epsilon);
        }
        for (var r = 0; r < rows; r++)
        {
            var row = raw.Slice(r * cols, cols);
            var eff = effective.Slice(r * cols, cols);
            for (var o = 0; o < cols; o++)
            {
                eff[o] = (row[o] - (float)mean[o]) / denominators[o] * gain[o];
            }
        }
    }

    /// <summary>
    /// Maps <paramref name="gradEffective"/> (∂L/∂W_eff) in place to ∂L/∂w and accumulates ∂L/∂g into
    /// <paramref name="gradGain"/>. Needs the raw weights, gains and the denominators of the
    /// forward. <paramref name="scratch"/> holds at least 4 × cols doubles.
    /// </summary>
    public static void Backward(ReadOnlySpan<float> raw, ReadOnlySpan<float> gain, ReadOnlySpan<float> denominators, int rows, int cols, Span<float> gradEffective, Span<float> gradGain, Span<double> scratch)
    {
        var mean = scratch[..cols];
        var dGain = scratch.Slice(cols, cols);
        var sumGh = scratch.Slice(2 * cols, cols);
        var sumGhW = scratch.Slice(3 * cols, cols);
        ColumnSums(raw, rows, cols, mean);
        for (var o = 0; o < cols; o++)
        {
            mean[o] /= rows;
        }
        dGain.Clear();
        sumGh.Clear();
        sumGhW.Clear();
        for (var r = 0; r < rows; r++)
        {
            var row = raw.Slice(r * cols, cols);
            var grad = gradEffective.Slice(r * cols, cols);
            for (var o = 0; o < cols; o++)
            {
                var what = (row[o] - mean[o]) / denominators[o];
                double gEff = grad[o];
                dGain[o] += gEff * what;
                var gh = gain[o] * gEff;
                sumGh[o] += gh;
                sumGhW[o] += gh * what;
            }
        }
        var k = rows > 1 ? (double)rows / (rows - 1) : 0.0;
        for (var o = 0; o < cols; o++)
        {
            gradGain[o] += (float)dGain[o];
            sumGh[o] /= rows;
        }
        for (var r = 0; r < rows; r++)
        {
            var row = raw.Slice(r * cols, cols);
            var grad = gradEffective.Slice(r * cols, cols);
            for (var o = 0; o < cols; o++)
            {
                double denom = denominators[o];
                var what = (row[o] - mean[o]) / denom;
                var gh = gain[o] * (double)grad[o];
                grad[o] = (float)(((gh - sumGh[o]) / denom) - (k * (what / denom) * sumGhW[o]));
            }
        }
    }

    /// <summary>Per-column sums in double, walking the rows in order (vectorised by widening).</summary>
    private static void ColumnSums(ReadOnlySpan<float> raw, int rows, int cols, Span<double> sums)
    {
        sums.Clear();
        var w = Vector<float>.Count;
        var sumVectors = MemoryMarshal.Cast<double, Vector<double>>(sums);
        for (var r = 0; r < rows; r++)
        {
            var row = raw.Slice(r * cols, cols);
            var o = 0;
            if (Vector.IsHardwareAccelerated)
            {
                for (; o <= cols - w; o += w)
                {
                    Vector.Widen(new Vector<float>(row.Slice(o, w)), out var lo, out var hi);
                    sumVectors[o / Vector<double>.Count] += lo;
                    sumVectors[(o / Vector<double>.Count) + 1] += hi;
                }
            }
            for (; o < cols; o++)
            {
                sums[o] += row[o];
            }
        }
    }
}
