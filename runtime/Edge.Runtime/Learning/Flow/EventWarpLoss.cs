namespace Edge.Runtime.Learning.Flow;

/// <summary>
/// Self-supervised flow loss for samples without truth: warp the sample's events along the
/// predicted flow and measure how well they line up (Zhu et al. 2019, "Unsupervised event-based
/// learning of optical flow, depth, and egomotion"). Each event e at (x, y), time τ ∈ [0, 1],
/// moves with the flow u of its pixel to the reference time τ_r: x′ = x + (τ_r − τ)·u. Splatted
/// bilinearly per polarity, the events make an image of the average warp time at every pixel,
/// A(q) = Σ k·|τ_r − τ| / (Σ k + 0.01); a flow that aligns the events leaves few pixels with a
/// large average, so the loss is Σ_q A(q)², taken forward (τ_r = 1) and backward (τ_r = 0),
/// divided by the pixels that have events, plus <c>smoothness</c> × the mean Charbonnier
/// √(d² + 0.01²) of the flow's differences between neighbouring pixels. The gradient is exact
/// (float64 inside); buffers are allocated once. Batch 1.
/// </summary>
public sealed class EventWarpLoss : IOutputLoss
{
    private const double AverageEpsilon = 0.01;
    private const double CharbonnierEpsilon = 0.01;

    private readonly IFlowSample _sample;
    private readonly double _smoothness;
    private readonly double[] _numerator;
    private readonly double[] _denominator;
    private readonly double[] _dNumerator;
    private readonly double[] _dDenominator;
    private readonly double[] _gradient;

    /// <summary>A loss on <paramref name="sample"/>'s events, for a flow map of <paramref name="height"/> × <paramref name="width"/>.</summary>
    public EventWarpLoss(IFlowSample sample, int height, int width, float smoothness = 0.1f)
    {
        ArgumentNullException.ThrowIfNull(sample);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegative(smoothness);
        _sample = sample;
        _smoothness = smoothness;
        var pixels = height * width;
        _numerator = new double[2 * pixels];
        _denominator = new double[2 * pixels];
        _dNumerator = new double[2 * pixels];
        _dDenominator = new double[2 * pixels];
        _gradient = new double[2 * pixels];
        Height = height;
        Width = width;
    }

    /// <summary>Rows of the flow map.</summary>
    public int Height { get; }

    /// <summary>Columns of the flow map.</summary>
    public int Width { get; }

    /// <inheritdoc />
    public float LossAndGradient(ReadOnlySpan<float> output, Span<float> gradient)
    {
        var pixels = Height * Width;
        if (output.Length != 2 * pixels || gradient.Length < 2 * pixels)
        {
            throw new ArgumentException($"the output has {output.Length} values; this loss takes one {Height}x{Width} flow map (batch 1)", nameof(output));
        }
        Array.Clear(_gradient);
        var target = _sample.Target;
        var withEvents = 0;
        for (var p = 0; p < target.Pixels; p++)
        {
            withEvents += target.Events[p] > 0f ? 1 : 0;
        }
        var loss = 0.0;
        if (withEvents > 0)
        {
            var scale = 1.0 / withEvents;
            loss = (Warp(output, 1.0, scale) + Warp(output, 0.0, scale)) * scale;
        }
        loss += Smoothness(output);
        for (var i = 0; i < 2 * pixels; i++)
        {
            gradient[i] = (float)_gradient[i];
        }
        return (float)loss;
    }

    /// <summary>Σ A² of the events warped to <paramref name="reference"/>; adds scale × its gradient.</summary>
    private double Warp(ReadOnlySpan<float> flow, double reference, double scale)
    {
        var events = _sample.Events;
        var pixels = Height * Width;
        Array.Clear(_numerator);
        Array.Clear(_denominator);
        for (var e = 0; e < events.Count; e++)
        {
            var (x, y, shift, plane, _) = Warped(flow, events, e, reference);
            Splat(x, y, plane, Math.Abs(shift));
        }
        var loss = 0.0;
        for (var q = 0; q < 2 * pixels; q++)
        {
            var d = _denominator[q] + AverageEpsilon;
            var a = _numerator[q] / d;
            loss += a * a;
            _dNumerator[q] = 2 * a / d;
            _dDenominator[q] = -2 * a * a / d;
        }
        for (var e = 0; e < events.Count; e++)
        {
            var (x, y, shift, plane, pixel) = Warped(flow, events, e, reference);
            var (gx, gy) = SplatGradient(x, y, plane, Math.Abs(shift));
            _gradient[2 * pixel] += scale * gx * shift;
            _gradient[(2 * pixel) + 1] += scale * gy * shift;
        }
        return loss;
    }

    /// <summary>Event <paramref name="e"/> warped to <paramref name="reference"/>: position, τ_r − τ, polarity plane, its pixel.</summary>
    private (double X, double Y, double Shift, int Plane, int Pixel) Warped(ReadOnlySpan<float> flow, FlowEvents events, int e, double reference)
    {
        var px = Math.Clamp((int)MathF.Round(events.X[e]), 0, Width - 1);
        var py = Math.Clamp((int)MathF.Round(events.Y[e]), 0, Height - 1);
        var pixel = (py * Width) + px;
        var shift = reference - events.T[e];
        return (events.X[e] + (shift * flow[2 * pixel]), events.Y[e] + (shift * flow[(2 * pixel) + 1]), shift, events.P[e] > 0 ? 1 : 0, pixel);
    }

    private void Splat(double x, double y, int plane, double value)
    {
        var x0 = (int)Math.Floor(x);
        var y0 = (int)Math.Floor(y);
        double fx = x - x0, fy = y - y0;
        Put(x0, y0, plane, (1 - fx) * (1 - fy), value);
        Put(x0 + 1, y0, plane, fx * (1 - fy), value);
        Put(x0, y0 + 1, plane, (1 - fx) * fy, value);
        Put(x0 + 1, y0 + 1, plane, fx * fy, value);
    }

    private void Put(int x, int y, int plane, double weight, double value)
    {
        if ((uint)x < (uint)Width && (uint)y < (uint)Height)
        {
            var q = (plane * Height * Width) + (y * Width) + x;
            _numerator[q] += weight * value;
            _denominator[q] += weight;
        }
    }

    /// <summary>∂(Σ A²)/∂(x, y) of one event's position, through its four bilinear weights.</summary>
    private (double X, double Y) SplatGradient(double x, double y, int plane, double value)
    {
        var x0 = (int)Math.Floor(x);
        var y0 = (int)Math.Floor(y);
        double fx = x - x0, fy = y - y0;
        double gx = 0, gy = 0;
        Pull(x0, y0, plane, value, -(1 - fy), -(1 - fx), ref gx, ref gy);
        Pull(x0 + 1, y0, plane, value, 1 - fy, -fx, ref gx, ref gy);
        Pull(x0, y0 + 1, plane, value, -fy, 1 - fx, ref gx, ref gy);
        Pull(x0 + 1, y0 + 1, plane, value, fy, fx, ref gx, ref gy);
        return (gx, gy);
    }

    private void Pull(int x, int y, int plane, double value, double dWeightDx, double dWeightDy, ref double gx, ref double gy)
    {
        if ((uint)x < (uint)Width && (uint)y < (uint)Height)
        {
            var q = (plane * Height * Width) + (y * Width) + x;
            var dWeight = (_dNumerator[q] * value) + _dDenominator[q];
            gx += dWeight * dWeightDx;
            gy += dWeight * dWeightDy;
        }
    }

    /// <summary>smoothness × mean Charbonnier of the differences to the right and lower neighbours; adds its gradient.</summary>
    private double Smoothness(ReadOnlySpan<float> flow)
    {
        if (_smoothness == 0)
        {
            return 0;
        }
        var pairs = (2 * Height * Width) - Height - Width;
        if (pairs <= 0)
        {
            return 0;
        }
        var scale = _smoothness / pairs;
        var loss = 0.0;
        for (var y = 0; y < Height; y++)
        {
            for (var x = 0; x < Width; x++)
            {
                var p = (y * Width) + x;
                if (x + 1 < Width)
                {
                    loss += Pair(flow, p, p + 1, scale);
                }
                if (y + 1 < Height)
                {
                    loss += Pair(flow, p, p + Width, scale);
                }
            }
        }
        return loss;
    }

    private double Pair(ReadOnlySpan<float> flow, int p, int q, double scale)
    {
        var loss = 0.0;
        for (var c = 0; c < 2; c++)
        {
            double d = flow[(2 * p) + c] - flow[(2 * q) + c];
            var norm = Math.Sqrt((d * d) + (CharbonnierEpsilon * CharbonnierEpsilon));
            loss += scale * norm;
            _gradient[(2 * p) + c] += scale * d / norm;
            _gradient[(2 * q) + c] -= scale * d / norm;
        }
        return loss;
    }
}
