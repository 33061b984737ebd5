namespace Edge.Runtime.Kernels;

/// <summary>
/// Scaled weight standardization of the official code, per output channel o with fan-in n:
/// ŵ = (w − μ)/D with D = sqrt(n·σ²_unbiased + 1e-4), W_eff = g_o·ŵ; and the exact backward that
/// maps ∂L/∂W_eff to the raw weight and the gain. Works on the channels-last row layout (an output
/// channel is a column of stride C_out). Sums are accumulated in double: this runs once per
/// optimizer step, and the extra precision keeps results inside the golden tolerance.
/// </summary>
public static class WeightStandardization
{
    /// <summary>The official ε added to n·σ².</summary>
    public const float Epsilon = 1e-4f;

    /// <summary>
    /// Computes W_eff from raw weights and gains; stores per-channel D in <paramref name="denominators"/>
    /// for the backward.
    /// </summary>
    public static void Forward(ReadOnlySpan<float> raw, ReadOnlySpan<float> gain, int rows, int cols, Span<float> effective, Span<float> denominators)
    {
        for (var o = 0; o < cols; o++)
        {
            double sum = 0;
            for (var r = 0; r < rows; r++)
            {
                sum += raw[(r * cols) + o];
            }
            var mean = (float)(sum / rows);
            double sq = 0;
            for (var r = 0; r < rows; r++)
            {
                double d = raw[(r * cols) + o] - mean;
                sq += d * d;
            }
            var variance = rows > 1 ? (float)(sq / (rows - 1)) : 0f;
            var denom = MathF.Sqrt((variance * rows) + Epsilon);
            denominators[o] = denom;
            var g = gain[o];
            for (var r = 0; r < rows; r++)
            {
                effective[(r * cols) + o] = (raw[(r * cols) + o] - mean) / denom * g;
            }
        }
    }

    /// <summary>
    /// Maps <paramref name="gradEffective"/> (∂L/∂W_eff) in place to ∂L/∂w, and accumulates ∂L/∂g into
    /// <paramref name="gradGain"/>. Needs the raw weights, gains and the denominators of the forward.
    /// </summary>
    public static void Backward(ReadOnlySpan<float> raw, ReadOnlySpan<float> gain, ReadOnlySpan<float> denominators, int rows, int cols, Span<float> gradEffective, Span<float> gradGain)
    {
        var n = rows;
        for (var o = 0; o < cols; o++)
        {
            double sum = 0;
            for (var r = 0; r < rows; r++)
            {
                sum += raw[(r * cols) + o];
            }
            var mean = sum / n;
            var denom = (double)denominators[o];
            double dGain = 0, sumGh = 0, sumGhW = 0;
            for (var r = 0; r < rows; r++)
            {
                var i = (r * cols) + o;
                var what = (raw[i] - mean) / denom;
                double gEff = gradEffective[i];
                dGain += gEff * what;
                var gh = gain[o] * gEff;
                sumGh += gh;
                sumGhW += gh * what;
            }
            gradGain[o] += (float)dGain;
            var meanGh = sumGh / n;
            var k = n > 1 ? (double)n / (n - 1) : 0.0;
            for (var r = 0; r < rows; r++)
            {
                var i = (r * cols) + o;
                var what = (raw[i] - mean) / denom;
                var gh = gain[o] * (double)gradEffective[i];
                gradEffective[i] = (float)(((gh - meanGh) / denom) - (k * (what / denom) * sumGhW));
            }
        }
    }
}
