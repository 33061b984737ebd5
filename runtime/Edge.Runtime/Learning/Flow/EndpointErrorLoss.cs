namespace Edge.Runtime.Learning.Flow;

/// <summary>
/// Supervised flow loss: the average endpoint error over the sample's masked pixels (events and a
/// valid truth), with the norm smoothed at zero, √(‖u − g‖² + ε²), so its gradient
/// (u − g)/√(‖u − g‖² + ε²)/N is defined everywhere. A sample without masked pixels has loss 0 and
/// no gradient. Batch 1.
/// </summary>
public sealed class EndpointErrorLoss : IOutputLoss
{
    private readonly IFlowSample _sample;
    private readonly float _epsilon;

    /// <summary>A loss on <paramref name="sample"/>'s target; <paramref name="epsilon"/> (pixels) smooths the norm.</summary>
    public EndpointErrorLoss(IFlowSample sample, float epsilon = 0.01f)
    {
        ArgumentNullException.ThrowIfNull(sample);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(epsilon);
        _sample = sample;
        _epsilon = epsilon;
    }

    /// <inheritdoc />
    public float LossAndGradient(ReadOnlySpan<float> output, Span<float> gradient)
    {
        var target = _sample.Target;
        var n = 2 * target.Pixels;
        if (output.Length != n || gradient.Length < n)
        {
            throw new ArgumentException($"the output has {output.Length} values; a flow loss takes one {target.Height}x{target.Width} flow map (batch 1)", nameof(output));
        }
        gradient[..n].Clear();
        if (target.MaskedPixels == 0)
        {
            return 0f;
        }
        var scale = 1.0 / target.MaskedPixels;
        var e2 = (double)_epsilon * _epsilon;
        double loss = 0;
        for (var p = 0; p < target.Pixels; p++)
        {
            if (target.Mask[p] == 0f)
            {
                continue;
            }
            double dx = output[2 * p] - target.Flow[2 * p], dy = output[(2 * p) + 1] - target.Flow[(2 * p) + 1];
            var norm = Math.Sqrt((dx * dx) + (dy * dy) + e2);
            loss += norm;
            gradient[2 * p] = (float)(dx / norm * scale);
            gradient[(2 * p) + 1] = (float)(dy / norm * scale);
        }
        return (float)(loss * scale);
    }
}
