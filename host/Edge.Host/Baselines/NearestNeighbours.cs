namespace Edge.Host.Baselines;

/// <summary>
/// k-nearest-neighbour classification by Euclidean distance: the majority label of the k nearest
/// training samples, a tie going to the label of the nearest among the tied.
/// </summary>
public sealed class NearestNeighbours(float[][] training, int[] labels, int k)
{
    /// <summary>Neighbours consulted.</summary>
    public int K { get; } = k > 0 ? k : throw new ArgumentOutOfRangeException(nameof(k), k, "k must be positive");

    /// <summary>The predicted label of <paramref name="x"/>; <paramref name="exclude"/> skips one training sample (leave-one-out).</summary>
    public int Predict(float[] x, int exclude = -1)
    {
        ArgumentNullException.ThrowIfNull(x);
        Span<int> nearest = stackalloc int[K];
        Span<double> distance = stackalloc double[K];
        distance.Fill(double.PositiveInfinity);
        nearest.Fill(-1);
        for (var i = 0; i < training.Length; i++)
        {
            if (i == exclude)
            {
                continue;
            }
            var d = SquaredDistance(x, training[i]);
            // Insert into the sorted list of the k nearest (a later equal distance stays behind).
            var at = K;
            while (at > 0 && d < distance[at - 1])
            {
                at--;
            }
            if (at == K)
            {
                continue;
            }
            for (var j = K - 1; j > at; j--)
            {
                distance[j] = distance[j - 1];
                nearest[j] = nearest[j - 1];
            }
            distance[at] = d;
            nearest[at] = i;
        }
        var best = -1;
        var bestVotes = 0;
        foreach (var candidate in nearest)
        {
            if (candidate < 0)
            {
                continue;
            }
            var votes = 0;
            foreach (var other in nearest)
            {
                votes += other >= 0 && labels[other] == labels[candidate] ? 1 : 0;
            }
            // Candidates come nearest first, so a tie keeps the nearest one's label.
            if (votes > bestVotes)
            {
                best = labels[candidate];
                bestVotes = votes;
            }
        }
        return best;
    }

    /// <summary>Share of <paramref name="samples"/> whose prediction is their label; <paramref name="leaveOneOut"/> when they are the training samples.</summary>
    public double Accuracy(float[][] samples, int[] truth, bool leaveOneOut)
    {
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentNullException.ThrowIfNull(truth);
        var right = 0;
        for (var i = 0; i < samples.Length; i++)
        {
            right += Predict(samples[i], leaveOneOut ? i : -1) == truth[i] ? 1 : 0;
        }
        return samples.Length == 0 ? 0 : (double)right / samples.Length;
    }

    private static double SquaredDistance(float[] a, float[] b)
    {
        var sum = 0.0;
        for (var k = 0; k < a.Length; k++)
        {
            var d = a[k] - b[k];
            sum += d * d;
        }
        return sum;
    }
}
