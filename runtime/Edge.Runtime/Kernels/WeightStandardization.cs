using System.Numerics;
using System.Runtime.InteropServices;

namespace Edge.Runtime.Kernels;

/// <summary>
/// Scaled weight standardization of the official code, per output channel o with fan-in n:
/// ŵ = (w − μ)/D with D = sqrt(n·σ²_unbiased + 1e-4), W_eff = g_o·ŵ; and the exact backward that
/// maps ∂L/∂W_eff to the raw weight and the gain. Weights are in the channels-last row layout
/// (rows × C_out, an output channel is a column), so every pass walks memory row by row with the
/// per-channel statistics in a small buffer, vectorised across channels. Statistics are summed in
/// double: this runs once per optimizer step, and the extra precision keeps results well inside
/// the golden tolerance.
/// </summary>
public static class WeightStandardization
{
    /// <summary>The official ε added to n·σ².</summary>
    public const float Epsilon = 1e-4f;

    /// <summary>Doubles of scratch <see cref="Forward"/> and <see cref="Backward"/> need for <paramref name="cols"/> channels.</summary>
    public static int ScratchLength(int cols) => 8 * cols;

    /// <summary>
    /// Computes W_eff from raw weights and gains; stores per-channel D in <paramref name="denominators"/>
    /// for the backward. <paramref name="scratch"/> holds <see cref="ScratchLength"/> doubles.
    /// </summary>
    public static void Forward(ReadOnlySpan<float> raw, ReadOnlySpan<float> gain, int rows, int cols, Span<float> effective, Span<float> denominators, Span<double> scratch)
    {
        var mean = scratch[..cols];
        var squares = scratch.Slice(cols, cols);
        ColumnSums(raw, rows, cols, mean);
        for (var o = 0; o < cols; o++)
        {
            mean[o] = (float)(mean[o] / rows); // the mean as the float PyTorch subtracts
        }
        ColumnSquaredDeviations(raw, rows, cols, mean, squares);
        // Per-channel factor g/D, applied to (w − μ) in one pass.
        var scale = MemoryMarshal.Cast<double, float>(scratch.Slice(2 * cols, cols))[..cols];
        var meanF = MemoryMarshal.Cast<double, float>(scratch.Slice(3 * cols, cols))[..cols];
        for (var o = 0; o < cols; o++)
        {
            var variance = rows > 1 ? (float)(squares[o] / (rows - 1)) : 0f;
            denominators[o] = MathF.Sqrt((variance * rows) + Epsilon);
            scale[o] = gain[o] / denominators[o];
            meanF[o] = (float)mean[o];
        }
        for (var r = 0; r < rows; r++)
        {
            var row = raw.Slice(r * cols, cols);
            var eff = effective.Slice(r * cols, cols);
            var o = 0;
            if (Vector.IsHardwareAccelerated)
            {
                var w = Vector<float>.Count;
                for (; o <= cols - w; o += w)
                {
                    ((new Vector<float>(row.Slice(o, w)) - new Vector<float>(meanF.Slice(o, w))) * new Vector<float>(scale.Slice(o, w))).CopyTo(eff.Slice(o, w));
                }
            }
            for (; o < cols; o++)
            {
                eff[o] = (row[o] - meanF[o]) * scale[o];
            }
        }
    }

    /// <summary>
    /// Maps <paramref name="gradEffective"/> (∂L/∂W_eff) in place to ∂L/∂w and accumulates ∂L/∂g into
    /// <paramref name="gradGain"/>. Needs the raw weights, gains and the denominators of the
    /// forward. <paramref name="scratch"/> holds <see cref="ScratchLength"/> doubles.
    /// </summary>
    /// <remarks>
    /// With Gh = g·G and ŵ = (w − μ)/D: ∂g = Σ G·ŵ, ∂w = (Gh − mean(Gh))/D − (n/(n−1))·(ŵ/D)·Σ Gh·ŵ,
    /// evaluated as ∂w = G·A − B − (w − μ)·C with per-channel A = g/D, B = mean(Gh)/D, C = (n/(n−1))·Σ(Gh·ŵ)/D².
    /// </remarks>
    public static void Backward(ReadOnlySpan<float> raw, ReadOnlySpan<float> gain, ReadOnlySpan<float> denominators, int rows, int cols, Span<float> gradEffective, Span<float> gradGain, Span<double> scratch)
    {
        var mean = scratch[..cols];
        var inverse = scratch.Slice(cols, cols);
        var gains = scratch.Slice(2 * cols, cols);
        var dGain = scratch.Slice(3 * cols, cols);
        var sumGh = scratch.Slice(4 * cols, cols);
        var sumGhW = scratch.Slice(5 * cols, cols);
        ColumnSums(raw, rows, cols, mean);
        for (var o = 0; o < cols; o++)
        {
            mean[o] /= rows;
            inverse[o] = 1.0 / denominators[o];
            gains[o] = gain[o];
        }
        dGain.Clear();
        sumGh.Clear();
        sumGhW.Clear();
        var wd = Vector<double>.Count;
        for (var r = 0; r < rows; r++)
        {
            var row = raw.Slice(r * cols, cols);
            var grad = gradEffective.Slice(r * cols, cols);
            var o = 0;
            if (Vector.IsHardwareAccelerated)
            {
                var w = Vector<float>.Count;
                for (; o <= cols - w; o += w)
                {
                    Vector.Widen(new Vector<float>(row.Slice(o, w)), out var w0, out var w1);
                    Vector.Widen(new Vector<float>(grad.Slice(o, w)), out var g0, out var g1);
                    for (var half = 0; half < 2; half++)
                    {
                        var at = o + (half * wd);
                        var wv = half == 0 ? w0 : w1;
                        var gEff = half == 0 ? g0 : g1;
                        var what = (wv - new Vector<double>(mean.Slice(at, wd))) * new Vector<double>(inverse.Slice(at, wd));
                        var gh = new Vector<double>(gains.Slice(at, wd)) * gEff;
                        (new Vector<double>(dGain.Slice(at, wd)) + (gEff * what)).CopyTo(dGain.Slice(at, wd));
                        (new Vector<double>(sumGh.Slice(at, wd)) + gh).CopyTo(sumGh.Slice(at, wd));
                        (new Vector<double>(sumGhW.Slice(at, wd)) + (gh * what)).CopyTo(sumGhW.Slice(at, wd));
                    }
                }
            }
            for (; o < cols; o++)
            {
                var what = (row[o] - mean[o]) * inverse[o];
                double gEff = grad[o];
                dGain[o] += gEff * what;
                var gh = gains[o] * gEff;
                sumGh[o] += gh;
                sumGhW[o] += gh * what;
            }
        }

        // Per-channel constants of ∂w = G·A − B − (w − μ)·C (reusing the finished buffers).
        var k = rows > 1 ? (double)rows / (rows - 1) : 0.0;
        var a = sumGh;
        var b = dGain;
        var c = sumGhW;
        for (var o = 0; o < cols; o++)
        {
            gradGain[o] += (float)dGain[o];
            var meanGh = sumGh[o] / rows;
            c[o] = k * sumGhW[o] * inverse[o] * inverse[o];
            b[o] = meanGh * inverse[o];
            a[o] = gains[o] * inverse[o];
        }
        for (var r = 0; r < rows; r++)
        {
            var row = raw.Slice(r * cols, cols);
            var grad = gradEffective.Slice(r * cols, cols);
            var o = 0;
            if (Vector.IsHardwareAccelerated)
            {
                var w = Vector<float>.Count;
                for (; o <= cols - w; o += w)
                {
                    Vector.Widen(new Vector<float>(row.Slice(o, w)), out var w0, out var w1);
                    Vector.Widen(new Vector<float>(grad.Slice(o, w)), out var g0, out var g1);
                    var lo = (g0 * new Vector<double>(a.Slice(o, wd))) - new Vector<double>(b.Slice(o, wd))
                        - ((w0 - new Vector<double>(mean.Slice(o, wd))) * new Vector<double>(c.Slice(o, wd)));
                    var hi = (g1 * new Vector<double>(a.Slice(o + wd, wd))) - new Vector<double>(b.Slice(o + wd, wd))
                        - ((w1 - new Vector<double>(mean.Slice(o + wd, wd))) * new Vector<double>(c.Slice(o + wd, wd)));
                    Vector.Narrow(lo, hi).CopyTo(grad.Slice(o, w));
                }
            }
            for (; o < cols; o++)
            {
                grad[o] = (float)((grad[o] * a[o]) - b[o] - ((row[o] - mean[o]) * c[o]));
            }
        }
    }

    /// <summary>Per-column sums in double, walking the rows in order (vectorised by widening).</summary>
    private static void ColumnSums(ReadOnlySpan<float> raw, int rows, int cols, Span<double> sums)
    {
        sums.Clear();
        var w = Vector<float>.Count;
        var wd = Vector<double>.Count;
        for (var r = 0; r < rows; r++)
        {
            var row = raw.Slice(r * cols, cols);
            var o = 0;
            if (Vector.IsHardwareAccelerated)
            {
                for (; o <= cols - w; o += w)
                {
                    Vector.Widen(new Vector<float>(row.Slice(o, w)), out var lo, out var hi);
                    (new Vector<double>(sums.Slice(o, wd)) + lo).CopyTo(sums.Slice(o, wd));
                    (new Vector<double>(sums.Slice(o + wd, wd)) + hi).CopyTo(sums.Slice(o + wd, wd));
                }
            }
            for (; o < cols; o++)
            {
                sums[o] += row[o];
            }
        }
    }

    /// <summary>Per-column Σ(w − μ)² in double; μ holds the float means.</summary>
    private static void ColumnSquaredDeviations(ReadOnlySpan<float> raw, int rows, int cols, ReadOnlySpan<double> mean, Span<double> squares)
    {
        squares.Clear();
        var w = Vector<float>.Count;
        var wd = Vector<double>.Count;
        for (var r = 0; r < rows; r++)
        {
            var row = raw.Slice(r * cols, cols);
            var o = 0;
            if (Vector.IsHardwareAccelerated)
            {
                for (; o <= cols - w; o += w)
                {
                    Vector.Widen(new Vector<float>(row.Slice(o, w)), out var lo, out var hi);
                    var d0 = lo - new Vector<double>(mean.Slice(o, wd));
                    var d1 = hi - new Vector<double>(mean.Slice(o + wd, wd));
                    (new Vector<double>(squares.Slice(o, wd)) + (d0 * d0)).CopyTo(squares.Slice(o, wd));
                    (new Vector<double>(squares.Slice(o + wd, wd)) + (d1 * d1)).CopyTo(squares.Slice(o + wd, wd));
                }
            }
            for (; o < cols; o++)
            {
                double d = row[o] - mean[o];
                squares[o] += d * d;
            }
        }
    }
}
