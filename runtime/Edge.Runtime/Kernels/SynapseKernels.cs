using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Edge.Runtime.Kernels;

/// <summary>
/// Forward, weight-gradient and input-gradient kernels of a synapse layer (convolution or fully
/// connected, see <see cref="ConvGeometry"/>) on one sample, channels-last. Activity is sparse,
/// so every kernel skips zeros where they occur:
/// <list type="bullet">
/// <item><see cref="Forward"/> scatters only the non-zero inputs (spikes, event counts).</item>
/// <item><see cref="AccumulateWeightGrad"/> scatters over the non-zero inputs when they are sparse
/// (the non-causal term, whose input is this step's spikes) and otherwise runs a register-blocked
/// GEMM over the positions whose gradient row is not all zero (the causal term, on traces).</item>
/// <item><see cref="InputGradTransposed"/> works on the transposed weights (rows (ky, kx, o) of
/// C_in values) and skips zero elements of the learning signal — after a max-pool backward three
/// quarters of them are zero.</item>
/// </list>
/// Spans are validated once per call; the inner loops run on refs without bounds checks. Every
/// call adds the dense MACs of its geometry to <see cref="MacCounter"/> when the thread counts.
/// </summary>
public static class SynapseKernels
{
    /// <summary>output = bias + W ⋆ input (output is overwritten).</summary>
    public static void Forward(in ConvGeometry g, ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output)
    {
        Check(input.Length >= g.InSize && weights.Length >= g.WeightCount && output.Length >= g.OutSize && (bias.IsEmpty || bias.Length >= g.OutChannels));
        MacCounter.AddForward(g.DenseMacs);
        int cin = g.InChannels, cout = g.OutChannels, hout = g.OutHeight, wout = g.OutWidth, k = g.Kernel, s = g.Stride, pad = g.Padding;
        ref var outRef = ref MemoryMarshal.GetReference(output);
        ref var inRef = ref MemoryMarshal.GetReference(input);
        ref var wRef = ref MemoryMarshal.GetReference(weights);
        FillRows(output[..(hout * wout * cout)], bias, cout);

        for (var iy = 0; iy < g.InHeight; iy++)
        {
            for (var ix = 0; ix < g.InWidth; ix++)
            {
                ref var pixel = ref Unsafe.Add(ref inRef, ((iy * g.InWidth) + ix) * cin);
                if (Simd.IsAllZero(ref pixel, cin))
                {
                    continue;
                }
                for (var c = 0; c < cin; c++)
                {
                    var v = Unsafe.Add(ref pixel, c);
                    if (v == 0f)
                    {
                        continue;
                    }
                    for (var ky = 0; ky < k; ky++)
                    {
                        var ty = iy + pad - ky;
                        if (ty < 0 || ty % s != 0 || ty / s >= hout)
                        {
                            continue;
                        }
                        var y = ty / s;
                        for (var kx = 0; kx < k; kx++)
                        {
                            var tx = ix + pad - kx;
                            if (tx < 0 || tx % s != 0 || tx / s >= wout)
                            {
                                continue;
                            }
                            var row = (((ky * k) + kx) * cin) + c;
                            Simd.Axpy(v, ref Unsafe.Add(ref wRef, row * cout), ref Unsafe.Add(ref outRef, ((y * wout) + (tx / s)) * cout), cout);
                        }
                    }
                }
            }
        }
    }

    /// <summary>
    /// dW += scale · (input ⋆ gradOut) in the normal layout: the weight gradient of the forward
    /// correlation, with the same stride and padding (torch.nn.grad.conv2d_weight). Skips all-zero
    /// gradient rows and zero inputs.
    /// </summary>
    public static void AccumulateWeightGrad(in ConvGeometry g, ReadOnlySpan<float> input, ReadOnlySpan<float> gradOut, float scale, Span<float> dW)
    {
        Check(input.Length >= g.InSize && gradOut.Length >= g.OutSize && dW.Length >= g.WeightCount);
        MacCounter.AddUpdate(g.DenseMacs);
        // Sparse inputs (this step's spikes): scatter over the non-zeros. Dense inputs (traces): a
        // register-blocked GEMM over all positions is faster than skipping the few zeros.
        if (Simd.CountNonZero(input[..g.InSize]) * SparseInputRatio < g.InSize)
        {
            ScatterWeightGrad(g, input, gradOut, scale, dW);
        }
        else
        {
            WeightGradKernels.AccumulateDense(g, input, gradOut, scale, dW);
        }
    }

    /// <summary>Inputs with fewer than 1 non-zero in this many values take the scatter path.</summary>
    private const int SparseInputRatio = 8;

    private static void ScatterWeightGrad(in ConvGeometry g, ReadOnlySpan<float> input, ReadOnlySpan<float> gradOut, float scale, Span<float> dW)
    {
        int cin = g.InChannels, cout = g.OutChannels, hout = g.OutHeight, wout = g.OutWidth, k = g.Kernel, s = g.Stride, pad = g.Padding;
        ref var inRef = ref MemoryMarshal.GetReference(input);
        ref var gRef = ref MemoryMarshal.GetReference(gradOut);
        ref var dwRef = ref MemoryMarshal.GetReference(dW);
        for (var y = 0; y < hout; y++)
        {
            for (var x = 0; x < wout; x++)
            {
                ref var grow = ref Unsafe.Add(ref gRef, ((y * wout) + x) * cout);
                if (Simd.IsAllZero(ref grow, cout))
                {
                    continue;
                }
                for (var ky = 0; ky < k; ky++)
                {
                    var iy = (y * s) + ky - pad;
                    if ((uint)iy >= (uint)g.InHeight)
                    {
                        continue;
                    }
                    for (var kx = 0; kx < k; kx++)
                    {
                        var ix = (x * s) + kx - pad;
                        if ((uint)ix >= (uint)g.InWidth)
                        {
                            continue;
                        }
                        ref var pixel = ref Unsafe.Add(ref inRef, ((iy * g.InWidth) + ix) * cin);
                        var rowBase = ((ky * k) + kx) * cin;
                        for (var c = 0; c < cin; c++)
                        {
                            var v = Unsafe.Add(ref pixel, c);
                            if (v != 0f)
                            {
                                Simd.Axpy(scale * v, ref grow, ref Unsafe.Add(ref dwRef, (rowBase + c) * cout), cout);
                            }
                        }
                    }
                }
            }
        }
    }

    /// <summary>
    /// gradIn = Wᵀ ⋆ gradOut using the transposed weights (rows (ky, kx, o) of C_in values): the
    /// adjoint of the forward correlation (torch.nn.grad.conv2d_input), skipping every zero element
    /// of <paramref name="gradOut"/>. gradIn is overwritten.
    /// </summary>
    public static void InputGradTransposed(in ConvGeometry g, ReadOnlySpan<float> gradOut, ReadOnlySpan<float> weightsT, Span<float> gradIn)
    {
        Check(gradOut.Length >= g.OutSize && weightsT.Length >= g.WeightCount && gradIn.Length >= g.InSize);
        MacCounter.AddSignal(g.DenseMacs);
        InputGradKernels.Compute(g, gradOut, weightsT, gradIn);
    }

    /// <summary>
    /// gradIn = Wᵀ ⋆ gradOut with the weights in the normal layout (one dot product of length C_out
    /// per input element); for layers without a transposed copy (readouts, local classifiers).
    /// </summary>
    public static void InputGrad(in ConvGeometry g, ReadOnlySpan<float> gradOut, ReadOnlySpan<float> weights, Span<float> gradIn)
    {
        Check(gradOut.Length >= g.OutSize && weights.Length >= g.WeightCount && gradIn.Length >= g.InSize);
        MacCounter.AddSignal(g.DenseMacs);
        int cin = g.InChannels, cout = g.OutChannels, hout = g.OutHeight, wout = g.OutWidth, k = g.Kernel, s = g.Stride, pad = g.Padding;
        ref var gRef = ref MemoryMarshal.GetReference(gradOut);
        ref var wRef = ref MemoryMarshal.GetReference(weights);
        ref var inRef = ref MemoryMarshal.GetReference(gradIn);
        gradIn[..g.InSize].Clear();
        for (var y = 0; y < hout; y++)
        {
            for (var x = 0; x < wout; x++)
            {
                ref var grow = ref Unsafe.Add(ref gRef, ((y * wout) + x) * cout);
                if (Simd.IsAllZero(ref grow, cout))
                {
                    continue;
                }
                for (var ky = 0; ky < k; ky++)
                {
                    var iy = (y * s) + ky - pad;
                    if ((uint)iy >= (uint)g.InHeight)
                    {
                        continue;
                    }
                    for (var kx = 0; kx < k; kx++)
                    {
                        var ix = (x * s) + kx - pad;
                        if ((uint)ix >= (uint)g.InWidth)
                        {
                            continue;
                        }
                        ref var gpix = ref Unsafe.Add(ref inRef, ((iy * g.InWidth) + ix) * cin);
                        var rowBase = ((ky * k) + kx) * cin;
                        for (var c = 0; c < cin; c++)
                        {
                            Unsafe.Add(ref gpix, c) += Simd.Dot(ref Unsafe.Add(ref wRef, (rowBase + c) * cout), ref grow, cout);
                        }
                    }
                }
            }
        }
    }

    /// <summary>Writes the transposed layout (rows (ky, kx, o) of C_in values) of <paramref name="weights"/>.</summary>
    public static void Transpose(in ConvGeometry g, ReadOnlySpan<float> weights, Span<float> weightsT)
    {
        Check(weights.Length >= g.WeightCount && weightsT.Length >= g.WeightCount);
        int cin = g.InChannels, cout = g.OutChannels, kk = g.Kernel * g.Kernel;
        for (var kpos = 0; kpos < kk; kpos++)
        {
            for (var c = 0; c < cin; c++)
            {
                var src = weights.Slice(((kpos * cin) + c) * cout, cout);
                for (var o = 0; o < cout; o++)
                {
                    weightsT[(((kpos * cout) + o) * cin) + c] = src[o];
                }
            }
        }
    }

    /// <summary>Fills every row of <paramref name="rows"/> (length <paramref name="width"/>) with <paramref name="row"/>, or zeros when it is empty.</summary>
    internal static void FillRows(Span<float> rows, ReadOnlySpan<float> row, int width)
    {
        if (row.IsEmpty)
        {
            rows.Clear();
            return;
        }
        ref var dst = ref MemoryMarshal.GetReference(rows);
        ref var src = ref MemoryMarshal.GetReference(row);
        var count = rows.Length / width;
        var w = Vector<float>.Count;
        for (var p = 0; p < count; p++)
        {
            ref var d = ref Unsafe.Add(ref dst, p * width);
            var o = 0;
            for (; o <= width - w; o += w)
            {
                Vector.LoadUnsafe(ref src, (nuint)o).StoreUnsafe(ref d, (nuint)o);
            }
            for (; o < width; o++)
            {
                Unsafe.Add(ref d, o) = Unsafe.Add(ref src, o);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Check(bool sizesFit)
    {
        if (!sizesFit)
        {
            throw new ArgumentException("buffer sizes do not match the synapse geometry");
        }
    }
}
