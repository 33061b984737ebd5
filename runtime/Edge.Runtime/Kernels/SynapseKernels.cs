namespace Edge.Runtime.Kernels;

/// <summary>
/// Forward, weight-gradient and input-gradient kernels of a synapse layer (convolution or fully
/// connected, see <see cref="ConvGeometry"/>) on one sample, channels-last. Activity is sparse:
/// the forward pass and the weight gradient skip zero inputs, and the two gradient kernels skip
/// output positions whose gradient row is all zero, so the work follows the spikes.
/// </summary>
public static class SynapseKernels
{
    /// <summary>output = bias + W ⋆ input (output is overwritten).</summary>
    public static void Forward(in ConvGeometry g, ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output)
    {
        var cin = g.InChannels;
        var cout = g.OutChannels;
        var hout = g.OutHeight;
        var wout = g.OutWidth;
        var positions = hout * wout;
        if (bias.IsEmpty)
        {
            output[..(positions * cout)].Clear();
        }
        else
        {
            for (var p = 0; p < positions; p++)
            {
                bias.CopyTo(output.Slice(p * cout, cout));
            }
        }

        for (var iy = 0; iy < g.InHeight; iy++)
        {
            for (var ix = 0; ix < g.InWidth; ix++)
            {
                var pixel = input.Slice(((iy * g.InWidth) + ix) * cin, cin);
                for (var c = 0; c < cin; c++)
                {
                    var v = pixel[c];
                    if (v == 0f)
                    {
                        continue;
                    }
                    for (var ky = 0; ky < g.Kernel; ky++)
                    {
                        var ty = iy + g.Padding - ky;
                        if (ty < 0 || ty % g.Stride != 0)
                        {
                            continue;
                        }
                        var y = ty / g.Stride;
                        if (y >= hout)
                        {
                            continue;
                        }
                        for (var kx = 0; kx < g.Kernel; kx++)
                        {
                            var tx = ix + g.Padding - kx;
                            if (tx < 0 || tx % g.Stride != 0)
                            {
                                continue;
                            }
                            var x = tx / g.Stride;
                            if (x >= wout)
                            {
                                continue;
                            }
                            var row = (((ky * g.Kernel) + kx) * cin) + c;
                            Simd.Axpy(v, weights.Slice(row * cout, cout), output.Slice(((y * wout) + x) * cout, cout));
                        }
                    }
                }
            }
        }
    }

    /// <summary>
    /// dW += scale · (input ⋆ gradOut): the weight gradient of the forward correlation, with the
    /// same stride and padding (torch.nn.grad.conv2d_weight).
    /// </summary>
    public static void AccumulateWeightGrad(in ConvGeometry g, ReadOnlySpan<float> input, ReadOnlySpan<float> gradOut, float scale, Span<float> dW)
    {
        var cin = g.InChannels;
        var cout = g.OutChannels;
        var hout = g.OutHeight;
        var wout = g.OutWidth;
        for (var y = 0; y < hout; y++)
        {
            for (var x = 0; x < wout; x++)
            {
                var grow = gradOut.Slice(((y * wout) + x) * cout, cout);
                if (Simd.IsAllZero(grow))
                {
                    continue;
                }
                for (var ky = 0; ky < g.Kernel; ky++)
                {
                    var iy = (y * g.Stride) + ky - g.Padding;
                    if ((uint)iy >= (uint)g.InHeight)
                    {
                        continue;
                    }
                    for (var kx = 0; kx < g.Kernel; kx++)
                    {
                        var ix = (x * g.Stride) + kx - g.Padding;
                        if ((uint)ix >= (uint)g.InWidth)
                        {
                            continue;
                        }
                        var pixel = input.Slice(((iy * g.InWidth) + ix) * cin, cin);
                        var rowBase = ((ky * g.Kernel) + kx) * cin;
                        for (var c = 0; c < cin; c++)
                        {
                            var v = pixel[c];
                            if (v != 0f)
                            {
                                Simd.Axpy(scale * v, grow, dW.Slice((rowBase + c) * cout, cout));
                            }
                        }
                    }
                }
            }
        }
    }

    /// <summary>
    /// gradIn = Wᵀ ⋆ gradOut: the adjoint of the forward correlation (a transposed convolution with
    /// the same stride and padding; torch.nn.grad.conv2d_input). gradIn is overwritten.
    /// </summary>
    public static void InputGrad(in ConvGeometry g, ReadOnlySpan<float> gradOut, ReadOnlySpan<float> weights, Span<float> gradIn)
    {
        var cin = g.InChannels;
        var cout = g.OutChannels;
        var hout = g.OutHeight;
        var wout = g.OutWidth;
        gradIn[..g.InSize].Clear();
        for (var y = 0; y < hout; y++)
        {
            for (var x = 0; x < wout; x++)
            {
                var grow = gradOut.Slice(((y * wout) + x) * cout, cout);
                if (Simd.IsAllZero(grow))
                {
                    continue;
                }
                for (var ky = 0; ky < g.Kernel; ky++)
                {
                    var iy = (y * g.Stride) + ky - g.Padding;
                    if ((uint)iy >= (uint)g.InHeight)
                    {
                        continue;
                    }
                    for (var kx = 0; kx < g.Kernel; kx++)
                    {
                        var ix = (x * g.Stride) + kx - g.Padding;
                        if ((uint)ix >= (uint)g.InWidth)
                        {
                            continue;
                        }
                        var gpix = gradIn.Slice(((iy * g.InWidth) + ix) * cin, cin);
                        var rowBase = ((ky * g.Kernel) + kx) * cin;
                        for (var c = 0; c < cin; c++)
                        {
                            gpix[c] += Simd.Dot(weights.Slice((rowBase + c) * cout, cout), grow);
                        }
                    }
                }
            }
        }
    }
}
