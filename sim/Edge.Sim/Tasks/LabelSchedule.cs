using Edge.Runtime;

namespace Edge.Sim.Tasks;

/// <summary>
/// The order of the labels of a task: each class appears in proportion to its weight (exactly, up
/// to rounding by largest remainder), and the whole list is shuffled, so neither the previous
/// label nor the position in the stream predicts the next one.
/// </summary>
internal static class LabelSchedule
{
    /// <summary>A shuffled list of <paramref name="samples"/> labels in 0 … weights.Length − 1.</summary>
    public static int[] Create(int samples, ReadOnlySpan<double> weights, Rng random)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(samples);
        var total = 0.0;
        foreach (var w in weights)
        {
            if (!(w >= 0) || double.IsInfinity(w))
            {
                throw new ArgumentException("class weights must be finite and ≥ 0", nameof(weights));
            }
            total += w;
        }
        if (!(total > 0))
        {
            throw new ArgumentException("at least one class weight must be positive", nameof(weights));
        }

        // Whole shares first; the samples left over go to the largest remainders, ties broken at random.
        var counts = new int[weights.Length];
        var remainders = new double[weights.Length];
        var assigned = 0;
        for (var c = 0; c < weights.Length; c++)
        {
            var share = samples * weights[c] / total;
            counts[c] = (int)Math.Floor(share);
            remainders[c] = share - counts[c] + (random.NextDouble() * 1e-9);
            assigned += counts[c];
        }
        for (; assigned < samples; assigned++)
        {
            var best = 0;
            for (var c = 1; c < remainders.Length; c++)
            {
                if (remainders[c] > remainders[best])
                {
                    best = c;
                }
            }
            counts[best]++;
            remainders[best] = double.NegativeInfinity;
        }

        var labels = new int[samples];
        var k = 0;
        for (var c = 0; c < counts.Length; c++)
        {
            labels.AsSpan(k, counts[c]).Fill(c);
            k += counts[c];
        }
        random.Shuffle(labels.AsSpan());
        return labels;
    }
}
