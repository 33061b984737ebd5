using Edge.Runtime;

namespace Edge.Benchmarks;

/// <summary>Seeded inputs for the kernel benchmarks: spike maps of a given density and dense values.</summary>
internal static class KernelInputs
{
    /// <summary>0/1 values, each 1 with probability <paramref name="density"/>.</summary>
    public static float[] Spikes(int n, double density, ulong seed)
    {
        var rng = new Rng(seed);
        var x = new float[n];
        for (var i = 0; i < n; i++)
        {
            x[i] = rng.NextDouble() < density ? 1f : 0f;
        }
        return x;
    }

    /// <summary>Normal values with standard deviation <paramref name="std"/>.</summary>
    public static float[] Normal(int n, double std, ulong seed)
    {
        var rng = new Rng(seed);
        var x = new float[n];
        for (var i = 0; i < n; i++)
        {
            x[i] = (float)(rng.NextNormal() * std);
        }
        return x;
    }
}
