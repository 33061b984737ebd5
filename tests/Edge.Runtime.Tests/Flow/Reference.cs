namespace Edge.Runtime.Tests.Flow;

/// <summary>
/// Float64 definitions of the flow layers on PyTorch-ordered tensors ([C, H, W] maps, weights
/// [C_out, C_in, K, K] for a convolution and [C_in, C_out, K, K] for a transposed one), written
/// from the operations' definitions, independently of the runtime's kernels and layouts.
/// </summary>
internal static class Reference
{
    /// <summary>y[o, oy, ox] = b[o] + Σ x[c, oy·s − p + ky, ox·s − p + kx]·w[o, c, ky, kx] (zero padding).</summary>
    public static double[] Conv(double[] x, int cin, int h, int w, double[] weight, double[]? bias, int cout, int k, int s, int p, out int ho, out int wo)
    {
        ho = ((h + (2 * p) - k) / s) + 1;
        wo = ((w + (2 * p) - k) / s) + 1;
        var y = new double[cout * ho * wo];
        for (var o = 0; o < cout; o++)
        {
            for (var oy = 0; oy < ho; oy++)
            {
                for (var ox = 0; ox < wo; ox++)
                {
                    var sum = bias?[o] ?? 0;
                    for (var c = 0; c < cin; c++)
                    {
                        for (var ky = 0; ky < k; ky++)
                        {
                            for (var kx = 0; kx < k; kx++)
                            {
                                int iy = (oy * s) - p + ky, ix = (ox * s) - p + kx;
                                if (iy >= 0 && iy < h && ix >= 0 && ix < w)
                                {
                                    sum += x[(((c * h) + iy) * w) + ix] * weight[(((((o * cin) + c) * k) + ky) * k) + kx];
                                }
                            }
                        }
                    }
                    y[(((o * ho) + oy) * wo) + ox] = sum;
                }
            }
        }
        return y;
    }

    /// <summary>∂(Σ g·Conv(x))/∂x: the adjoint of <see cref="Conv"/> without bias.</summary>
    public static double[] ConvAdjoint(double[] g, int cin, int h, int w, double[] weight, int cout, int k, int s, int p)
    {
        int ho = ((h + (2 * p) - k) / s) + 1, wo = ((w + (2 * p) - k) / s) + 1;
        var x = new double[cin * h * w];
        for (var o = 0; o < cout; o++)
        {
            for (var oy = 0; oy < ho; oy++)
            {
                for (var ox = 0; ox < wo; ox++)
                {
                    var gv = g[(((o * ho) + oy) * wo) + ox];
                    for (var c = 0; c < cin; c++)
                    {
                        for (var ky = 0; ky < k; ky++)
                        {
                            for (var kx = 0; kx < k; kx++)
                            {
                                int iy = (oy * s) - p + ky, ix = (ox * s) - p + kx;
                                if (iy >= 0 && iy < h && ix >= 0 && ix < w)
                                {
                                    x[(((c * h) + iy) * w) + ix] += gv * weight[(((((o * cin) + c) * k) + ky) * k) + kx];
                                }
                            }
                        }
                    }
                }
            }
        }
        return x;
    }

    /// <summary>dW[o, c, ky, kx] += scale·Σ post[o, oy, ox]·pre[c, oy·s − p + ky, ox·s − p + kx]: the weight gradient of <see cref="Conv"/>.</summary>
    public static void ConvWeightGrad(double[] pre, int cin, int h, int w, double[] post, int cout, int k, int s, int p, double scale, double[] dW)
    {
        int ho = ((h + (2 * p) - k) / s) + 1, wo = ((w + (2 * p) - k) / s) + 1;
        for (var o = 0; o < cout; o++)
        {
            for (var oy = 0; oy < ho; oy++)
            {
                for (var ox = 0; ox < wo; ox++)
                {
                    var gv = scale * post[(((o * ho) + oy) * wo) + ox];
                    for (var c = 0; c < cin; c++)
                    {
                        for (var ky = 0; ky < k; ky++)
                        {
                            for (var kx = 0; kx < k; kx++)
                            {
                                int iy = (oy * s) - p + ky, ix = (ox * s) - p + kx;
                                if (iy >= 0 && iy < h && ix >= 0 && ix < w)
                                {
                                    dW[(((((o * cin) + c) * k) + ky) * k) + kx] += gv * pre[(((c * h) + iy) * w) + ix];
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// <summary>
    /// PyTorch's ConvTranspose2d: y[o, iy·s − p + ky, ix·s − p + kx] += x[c, iy, ix]·w[c, o, ky, kx]
    /// (output cropped by p on each side), plus b[o].
    /// </summary>
    public static double[] ConvTranspose(double[] x, int cin, int h, int w, double[] weight, double[]? bias, int cout, int k, int s, int p, out int ho, out int wo)
    {
        ho = ((h - 1) * s) - (2 * p) + k;
        wo = ((w - 1) * s) - (2 * p) + k;
        var y = new double[cout * ho * wo];
        for (var o = 0; o < cout; o++)
        {
            for (var i = 0; i < ho * wo; i++)
            {
                y[(o * ho * wo) + i] = bias?[o] ?? 0;
            }
        }
        for (var c = 0; c < cin; c++)
        {
            for (var iy = 0; iy < h; iy++)
            {
                for (var ix = 0; ix < w; ix++)
                {
                    var v = x[(((c * h) + iy) * w) + ix];
                    for (var o = 0; o < cout; o++)
                    {
                        for (var ky = 0; ky < k; ky++)
                        {
                            for (var kx = 0; kx < k; kx++)
                            {
                                int oy = (iy * s) - p + ky, ox = (ix * s) - p + kx;
                                if (oy >= 0 && oy < ho && ox >= 0 && ox < wo)
                                {
                                    y[(((o * ho) + oy) * wo) + ox] += v * weight[(((((c * cout) + o) * k) + ky) * k) + kx];
                                }
                            }
                        }
                    }
                }
            }
        }
        return y;
    }

    /// <summary>∂(Σ g·ConvTranspose(x))/∂x.</summary>
    public static double[] ConvTransposeAdjoint(double[] g, int cin, int h, int w, double[] weight, int cout, int k, int s, int p)
    {
        int ho = ((h - 1) * s) - (2 * p) + k, wo = ((w - 1) * s) - (2 * p) + k;
        var x = new double[cin * h * w];
        for (var c = 0; c < cin; c++)
        {
            for (var iy = 0; iy < h; iy++)
            {
                for (var ix = 0; ix < w; ix++)
                {
                    double sum = 0;
                    for (var o = 0; o < cout; o++)
                    {
                        for (var ky = 0; ky < k; ky++)
                        {
                            for (var kx = 0; kx < k; kx++)
                            {
                                int oy = (iy * s) - p + ky, ox = (ix * s) - p + kx;
                                if (oy >= 0 && oy < ho && ox >= 0 && ox < wo)
                                {
                                    sum += g[(((o * ho) + oy) * wo) + ox] * weight[(((((c * cout) + o) * k) + ky) * k) + kx];
                                }
                            }
                        }
                    }
                    x[(((c * h) + iy) * w) + ix] = sum;
                }
            }
        }
        return x;
    }

    /// <summary>dW[c, o, ky, kx] += scale·Σ post[o, iy·s − p + ky, ix·s − p + kx]·pre[c, iy, ix]: the weight gradient of <see cref="ConvTranspose"/>.</summary>
    public static void ConvTransposeWeightGrad(double[] pre, int cin, int h, int w, double[] post, int cout, int k, int s, int p, double scale, double[] dW)
    {
        int ho = ((h - 1) * s) - (2 * p) + k, wo = ((w - 1) * s) - (2 * p) + k;
        for (var c = 0; c < cin; c++)
        {
            for (var iy = 0; iy < h; iy++)
            {
                for (var ix = 0; ix < w; ix++)
                {
                    var v = scale * pre[(((c * h) + iy) * w) + ix];
                    for (var o = 0; o < cout; o++)
                    {
                        for (var ky = 0; ky < k; ky++)
                        {
                            for (var kx = 0; kx < k; kx++)
                            {
                                int oy = (iy * s) - p + ky, ox = (ix * s) - p + kx;
                                if (oy >= 0 && oy < ho && ox >= 0 && ox < wo)
                                {
                                    dW[(((((c * cout) + o) * k) + ky) * k) + kx] += v * post[(((o * ho) + oy) * wo) + ox];
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// <summary>Nearest upsampling of a [C, H, W] map by <paramref name="s"/>.</summary>
    public static double[] Upsample(double[] x, int c, int h, int w, int s)
    {
        var y = new double[c * h * w * s * s];
        for (var ch = 0; ch < c; ch++)
        {
            for (var oy = 0; oy < h * s; oy++)
            {
                for (var ox = 0; ox < w * s; ox++)
                {
                    y[(((ch * h * s) + oy) * w * s) + ox] = x[(((ch * h) + (oy / s)) * w) + (ox / s)];
                }
            }
        }
        return y;
    }

    /// <summary>The adjoint of <see cref="Upsample"/>: each input sums its block.</summary>
    public static double[] UpsampleAdjoint(double[] g, int c, int h, int w, int s)
    {
        var x = new double[c * h * w];
        for (var ch = 0; ch < c; ch++)
        {
            for (var oy = 0; oy < h * s; oy++)
            {
                for (var ox = 0; ox < w * s; ox++)
                {
                    x[(((ch * h) + (oy / s)) * w) + (ox / s)] += g[(((ch * h * s) + oy) * w * s) + ox];
                }
            }
        }
        return x;
    }

    /// <summary>[H, W, C] (channels-last) → [C, H, W].</summary>
    public static double[] Chw(ReadOnlySpan<float> hwc, int c, int h, int w)
    {
        var chw = new double[c * h * w];
        for (var p = 0; p < h * w; p++)
        {
            for (var ch = 0; ch < c; ch++)
            {
                chw[(ch * h * w) + p] = hwc[(p * c) + ch];
            }
        }
        return chw;
    }

    /// <summary>[C, H, W] → [H, W, C].</summary>
    public static float[] Hwc(double[] chw, int c, int h, int w)
    {
        var hwc = new float[c * h * w];
        for (var p = 0; p < h * w; p++)
        {
            for (var ch = 0; ch < c; ch++)
            {
                hwc[(p * c) + ch] = (float)chw[(ch * h * w) + p];
            }
        }
        return hwc;
    }

    public static double[] Random(Rng rng, int n, double scale = 1)
    {
        var v = new double[n];
        for (var i = 0; i < n; i++)
        {
            v[i] = scale * rng.NextNormal();
        }
        return v;
    }

    public static float[] Floats(double[] v) => [.. v.Select(x => (float)x)];

    public static double[] Doubles(ReadOnlySpan<float> v) => [.. v.ToArray().Select(x => (double)x)];
}
