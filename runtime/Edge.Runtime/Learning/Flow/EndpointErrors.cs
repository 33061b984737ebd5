namespace Edge.Runtime.Learning.Flow;

/// <summary>
/// Endpoint errors summed over the masked pixels of one or more samples: the average endpoint
/// error (AEE) and the outliers (error above 3 pixels and above 5 % of the true flow's length, the
/// KITTI/MVSEC rule).
/// </summary>
/// <param name="Sum">Σ ‖predicted − true‖ over the pixels, in flow-map pixels.</param>
/// <param name="Pixels">Masked pixels counted.</param>
/// <param name="Outliers">Of those, the outliers.</param>
public readonly record struct EndpointErrors(double Sum, long Pixels, long Outliers)
{
    /// <summary>The average endpoint error (0 when no pixel counted).</summary>
    public double Average => Pixels == 0 ? 0 : Sum / Pixels;

    /// <summary>Outliers ÷ pixels (0 when no pixel counted).</summary>
    public double OutlierFraction => Pixels == 0 ? 0 : (double)Outliers / Pixels;

    /// <summary>The errors of both sets of pixels together.</summary>
    public static EndpointErrors operator +(EndpointErrors a, EndpointErrors b) => new(a.Sum + b.Sum, a.Pixels + b.Pixels, a.Outliers + b.Outliers);

    /// <summary>Same as <c>+</c>.</summary>
    public static EndpointErrors Add(EndpointErrors a, EndpointErrors b) => a + b;

    /// <summary>
    /// The errors of <paramref name="flow"/> ([H, W, 2], flow-map pixels) against
    /// <paramref name="target"/> on its masked pixels; an empty <paramref name="flow"/> stands for zero flow.
    /// </summary>
    public static EndpointErrors Measure(ReadOnlySpan<float> flow, FlowTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (!flow.IsEmpty && flow.Length < 2 * target.Pixels)
        {
            throw new ArgumentException($"the flow has {flow.Length} values, the target's map {2 * target.Pixels}", nameof(flow));
        }
        double sum = 0;
        long pixels = 0, outliers = 0;
        var truth = target.Flow;
        for (var p = 0; p < target.Pixels; p++)
        {
            if (target.Mask[p] == 0f)
            {
                continue;
            }
            double gx = truth[2 * p], gy = truth[(2 * p) + 1];
            double ux = flow.IsEmpty ? 0 : flow[2 * p], uy = flow.IsEmpty ? 0 : flow[(2 * p) + 1];
            var error = Math.Sqrt(((ux - gx) * (ux - gx)) + ((uy - gy) * (uy - gy)));
            sum += error;
            pixels++;
            outliers += error > 3 && error > 0.05 * Math.Sqrt((gx * gx) + (gy * gy)) ? 1 : 0;
        }
        return new EndpointErrors(sum, pixels, outliers);
    }
}
