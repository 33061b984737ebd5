using Edge.Runtime.Learning.Flow;

namespace Edge.Runtime.Tests.Flow;

/// <summary>The flow losses' gradients against central differences of float64 reimplementations, and the endpoint-error metrics.</summary>
public class FlowLossTests
{
    [Fact]
    public void Endpoint_error_gradient_matches_finite_differences_and_ignores_unmasked_pixels()
    {
        var (target, flow) = Sample(5, 6, seed: 1);
        var loss = new EndpointErrorLoss(new FlowStllrReferenceTests.FixedSample(target));
        var gradient = new float[flow.Length];
        var value = loss.LossAndGradient(flow, gradient);

        double Exact(double[] u)
        {
            double sum = 0;
            for (var p = 0; p < target.Pixels; p++)
            {
                if (target.Mask[p] != 0f)
                {
                    double dx = u[2 * p] - target.Flow[2 * p], dy = u[(2 * p) + 1] - target.Flow[(2 * p) + 1];
                    sum += Math.Sqrt((dx * dx) + (dy * dy) + 1e-4);
                }
            }
            return sum / target.MaskedPixels;
        }

        var u0 = Reference.Doubles(flow);
        Assert.Equal(Exact(u0), value, 1e-5);
        Rules.RuleTestNetworks.Near(Differences(u0, Exact), gradient, "endpoint error gradient", 1e-6, 1e-4);
        for (var p = 0; p < target.Pixels; p++)
        {
            if (target.Mask[p] == 0f)
            {
                Assert.Equal(0f, gradient[2 * p]);
                Assert.Equal(0f, gradient[(2 * p) + 1]);
            }
        }
    }

    [Fact]
    public void Event_warp_gradient_matches_finite_differences()
    {
        var (target, flow) = Sample(6, 7, seed: 2);
        var sample = new WarpSample(target, 60, seed: 3);
        var loss = new EventWarpLoss(sample, 6, 7, smoothness: 0.3f);
        var gradient = new float[flow.Length];
        var value = loss.LossAndGradient(flow, gradient);
        var u0 = Reference.Doubles(flow);
        Assert.Equal(WarpReference(sample.Events, target, 6, 7, 0.3, u0), value, 1e-4);
        Rules.RuleTestNetworks.Near(Differences(u0, u => WarpReference(sample.Events, target, 6, 7, 0.3, u)), gradient, "event warp gradient", 1e-4, 1e-3);
        Assert.Contains(gradient, g => g != 0f);
    }

    [Fact]
    public void Aligned_events_cost_less_than_misaligned_ones()
    {
        // Events of an edge moving right 2 pixels over the sample: the true flow lines them up.
        var target = new FlowTarget(5, 8);
        var sample = new WarpSample(target, 0, seed: 0);
        for (var i = 0; i <= 10; i++)
        {
            for (var y = 0; y < 5; y++)
            {
                sample.Events.Add(2 + (0.2f * i), y, i / 10f, on: true);
                target.Events[(y * 8) + 2 + (int)MathF.Round(0.2f * i)] += 1;
            }
        }
        var loss = new EventWarpLoss(sample, 5, 8, smoothness: 0);
        var gradient = new float[80];
        var aligned = Uniform(80, 2f, 0f);
        var still = Uniform(80, 0f, 0f);
        var wrong = Uniform(80, -2f, 0f);
        Assert.True(loss.LossAndGradient(aligned, gradient) < loss.LossAndGradient(still, gradient));
        Assert.True(loss.LossAndGradient(still, gradient) < loss.LossAndGradient(wrong, gradient));
    }

    [Fact]
    public void Endpoint_errors_count_outliers_by_the_kitti_rule_on_masked_pixels()
    {
        var target = new FlowTarget(1, 4) { HasTruth = true };
        float[] truth = [10, 0, 100, 0, 1, 0, float.NaN, 0];
        truth.CopyTo(target.Flow, 0);
        target.Events.AsSpan().Fill(1);
        target.UpdateMask();
        Assert.Equal(3, target.MaskedPixels); // the NaN pixel has no truth
        // Errors 4 (> 3 px, > 5 % of 10: outlier), 4 (> 3 px but 4 % of 100: not), 0.5.
        var errors = EndpointErrors.Measure([14, 0, 104, 0, 1, 0.5f, 9, 9], target);
        Assert.Equal(8.5, errors.Sum, 1e-9);
        Assert.Equal(3, errors.Pixels);
        Assert.Equal(1, errors.Outliers);
        Assert.Equal(111.0 / 3, EndpointErrors.Measure([], target).Average, 1e-9);
        target.HasTruth = false;
        target.UpdateMask();
        Assert.Equal(0, target.MaskedPixels);
    }

    private static float[] Uniform(int n, float u, float v)
    {
        var flow = new float[n];
        for (var i = 0; i < n; i += 2)
        {
            flow[i] = u;
            flow[i + 1] = v;
        }
        return flow;
    }

    private static (FlowTarget Target, float[] Flow) Sample(int height, int width, ulong seed)
    {
        var rng = new Rng(seed);
        var target = new FlowTarget(height, width) { HasTruth = true };
        var flow = new float[2 * height * width];
        for (var i = 0; i < flow.Length; i++)
        {
            target.Flow[i] = (float)rng.NextNormal();
            flow[i] = (float)(0.7 * rng.NextNormal());
        }
        for (var p = 0; p < target.Pixels; p++)
        {
            target.Events[p] = rng.NextDouble() < 0.6 ? 2f : 0f;
        }
        target.UpdateMask();
        return (target, flow);
    }

    /// <summary>The event-warp loss on double flow, written from its definition (docs of EventWarpLoss).</summary>
    private static double WarpReference(FlowEvents events, FlowTarget target, int h, int w, double smoothness, double[] u)
    {
        var withEvents = target.Events.Count(e => e > 0);
        double loss = 0;
        foreach (var reference in (double[])[1, 0])
        {
            var num = new double[2 * h * w];
            var den = new double[2 * h * w];
            for (var e = 0; e < events.Count; e++)
            {
                var p = (Math.Clamp((int)MathF.Round(events.Y[e]), 0, h - 1) * w) + Math.Clamp((int)MathF.Round(events.X[e]), 0, w - 1);
                var shift = reference - events.T[e];
                double x = events.X[e] + (shift * u[2 * p]), y = events.Y[e] + (shift * u[(2 * p) + 1]);
                int x0 = (int)Math.Floor(x), y0 = (int)Math.Floor(y);
                for (var dy = 0; dy < 2; dy++)
                {
                    for (var dx = 0; dx < 2; dx++)
                    {
                        int qx = x0 + dx, qy = y0 + dy;
                        if (qx < 0 || qx >= w || qy < 0 || qy >= h)
                        {
                            continue;
                        }
                        var k = (1 - Math.Abs(x - qx)) * (1 - Math.Abs(y - qy));
                        var q = ((events.P[e] > 0 ? 1 : 0) * h * w) + (qy * w) + qx;
                        num[q] += k * Math.Abs(shift);
                        den[q] += k;
                    }
                }
            }
            for (var q = 0; q < num.Length; q++)
            {
                var a = num[q] / (den[q] + 0.01);
                loss += a * a / withEvents;
            }
        }
        var pairs = (2 * h * w) - h - w;
        for (var y = 0; y < h; y++)
        {
            for (var x = 0; x < w; x++)
            {
                var p = (y * w) + x;
                foreach (var q in (int[])[x + 1 < w ? p + 1 : -1, y + 1 < h ? p + w : -1])
                {
                    if (q < 0)
                    {
                        continue;
                    }
                    for (var c = 0; c < 2; c++)
                    {
                        var d = u[(2 * p) + c] - u[(2 * q) + c];
                        loss += smoothness / pairs * Math.Sqrt((d * d) + 1e-4);
                    }
                }
            }
        }
        return loss;
    }

    private static double[] Differences(double[] at, Func<double[], double> loss)
    {
        const double h = 1e-6;
        var gradient = new double[at.Length];
        for (var i = 0; i < at.Length; i++)
        {
            var x = (double[])at.Clone();
            x[i] = at[i] + h;
            var up = loss(x);
            x[i] = at[i] - h;
            gradient[i] = (up - loss(x)) / (2 * h);
        }
        return gradient;
    }

    /// <summary>A flow sample with random events inside the map.</summary>
    private sealed class WarpSample : IFlowSample
    {
        public WarpSample(FlowTarget target, int events, ulong seed)
        {
            Target = target;
            Events = new FlowEvents(Math.Max(1, events) + 100);
            var rng = new Rng(seed);
            for (var i = 0; i < events; i++)
            {
                Events.Add((float)(rng.NextDouble() * (target.Width - 1)), (float)(rng.NextDouble() * (target.Height - 1)), (float)rng.NextDouble(), rng.NextDouble() < 0.5);
            }
        }

        public FlowTarget Target { get; }

        public FlowEvents Events { get; }
    }
}
