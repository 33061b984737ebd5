namespace Edge.Runtime.Learning;

/// <summary>Softmax cross-entropy on the logits of one step, averaged over the batch (nn.CrossEntropyLoss).</summary>
public static class CrossEntropy
{
    /// <summary>
    /// Writes softmax(z) − onehot(label), scaled by <paramref name="scale"/>, into
    /// <paramref name="gradient"/> and returns the mean loss. <paramref name="logits"/> is [B, classes].
    /// </summary>
    public static float LossAndGradient(ReadOnlySpan<float> logits, ReadOnlySpan<int> labels, int classes, float scale, Span<float> gradient)
    {
        var batch = labels.Length;
        double loss = 0;
        for (var b = 0; b < batch; b++)
        {
            var z = logits.Slice(b * classes, classes);
            var g = gradient.Slice(b * classes, classes);
            var max = float.NegativeInfinity;
            foreach (var v in z)
            {
                max = MathF.Max(max, v);
            }
            double sum = 0;
            for (var k = 0; k < classes; k++)
            {
                sum += Math.Exp(z[k] - max);
            }
            var logSum = Math.Log(sum) + max;
            loss += logSum - z[labels[b]];
            for (var k = 0; k < classes; k++)
            {
                var p = (float)Math.Exp(z[k] - logSum);
                g[k] = (p - (k == labels[b] ? 1f : 0f)) * scale;
            }
        }
        return (float)(loss / batch);
    }

    /// <summary>Index of the largest value (first on ties).</summary>
    public static int ArgMax(ReadOnlySpan<float> values)
    {
        var best = 0;
        for (var i = 1; i < values.Length; i++)
        {
            if (values[i] > values[best])
            {
                best = i;
            }
        }
        return best;
    }
}
