using System.Numerics.Tensors;
using Edge.Host.Fleet.Weights;

namespace Edge.Host.Fleet.Fleet;

/// <summary>How the boards' weights count in a merge.</summary>
public enum MergeWeighting
{
    /// <summary>By the windows each board learned since its weights were last replaced (federated averaging).</summary>
    Samples,

    /// <summary>Every board the same.</summary>
    Equal,
}

/// <summary>Federated averaging: the weighted mean of weight sets of one network, value by value.</summary>
public static class FederatedAverage
{
    /// <summary>
    /// The weight of each set: its samples over the total (<see cref="MergeWeighting.Samples"/>; equal
    /// when no set learned anything), or 1/n.
    /// </summary>
    public static double[] Weights(IReadOnlyList<WeightSet> sets, MergeWeighting weighting)
    {
        ArgumentNullException.ThrowIfNull(sets);
        var weights = new double[sets.Count];
        double total = 0;
        foreach (var set in sets)
        {
            total += Math.Max(0, set.Manifest.Samples);
        }
        for (var i = 0; i < sets.Count; i++)
        {
            weights[i] = weighting == MergeWeighting.Samples && total > 0 ? Math.Max(0, sets[i].Manifest.Samples) / total : 1.0 / sets.Count;
        }
        return weights;
    }

    /// <summary>Σ weights[k] · sets[k].Values, into a new array.</summary>
    /// <exception cref="ArgumentException">The sets differ in length or there is none.</exception>
    public static float[] Average(IReadOnlyList<WeightSet> sets, IReadOnlyList<double> weights)
    {
        ArgumentNullException.ThrowIfNull(sets);
        ArgumentNullException.ThrowIfNull(weights);
        if (sets.Count == 0 || sets.Count != weights.Count)
        {
            throw new ArgumentException("one weight per set, at least one set", nameof(sets));
        }
        var mean = new float[sets[0].Values.Length];
        for (var k = 0; k < sets.Count; k++)
        {
            if (sets[k].Values.Length != mean.Length)
            {
                throw new ArgumentException($"set {k} has {sets[k].Values.Length} values, set 0 has {mean.Length}", nameof(sets));
            }
            TensorPrimitives.MultiplyAdd(sets[k].Values, (float)weights[k], mean, mean);
        }
        return mean;
    }
}
