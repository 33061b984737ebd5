using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Edge.Runtime.Kernels;

/// <summary>
/// Forward, weight-gradient and input-gradient kernels of a synapse layer (convolution or fully
/// connected, see <see cref="ConvGeometry"/>) on one sample, channels-last. Activity is sparse,
/// so every kernel skips zeros where they occur:
/// <list type="bullet">
/// <item>The forward pass scatters only the non-zero inputs (spikes, event counts).</item>
/// <item>The weight gradient scatters over the non-zero inputs when they are sparse
/// (the non-causal term, whose input is this step's spikes) and otherwise runs a register-blocked
/// GEMM over the positions whose gradient row is not all zero (the causal term, on traces).</item>
/// <item>The input gradient works on the transposed weights (rows (ky, kx, o) of
/// C_in values) and skips zero elements of the learning signal — after a max-pool backward three
/// quarters of them are zero.</item>
/// </list>
/// Each kernel also comes in a form that computes one <see cref="SynapsePart"/> of its output, so
/// a step can be split across worker threads with bit-identical results.
/// Spans are validated once per call; the inner loops run on refs without bounds checks. Every
/// call adds the dense MACs of its geometry to <see cref="MacCounter"/> when the thread counts.
/// </summary>
public static class SynapseKernels
{
    /// <summary>output = bias + W ⋆ input (output is overwritten).</summary>
    public static void Forward(in ConvGeometry g, ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output)
    {
        MacCounter.AddForward(g.DenseMacs);
        if (g.Transposed)
        {
            TransposedForward(g, input, weights, bias, output);
            return;
        }
        Forward(g, input, weights, bias, output, SynapsePart.Whole(g.OutHeight, g.OutChannels));
    }

    /// <summary>The output rows and channels of <paramref name="part"/> of <see cref="Forward(in ConvGeometry, ReadOnlySpan{float}, ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float})"/>.</summary>
    /// <exception cref="NotSupportedException">A transposed geometry (it runs whole, on one thread).</exception>
    public static void Forward(in ConvGeometry g, ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output, SynapsePart part)
    {
        if (g.Transposed)
        {
            throw new NotSupportedException("a transposed convolution runs whole: call the Forward without a part");
        }
        Check(input.Length >= g.InSize && weights.Length >= g.WeightCount && output.Length >= g.OutSize && (bias.IsEmpty || bias.Length >= g.OutChannels));
        if (part.IsEmpty)
        {
            return;
        }
        int cin = g.InChannels, cout = g.OutChannels, wout = g.OutWidth, k = g.Kernel, s = g.Stride, pad = g.Padding, rowLength = g.InWidth * cin;
        int c0 = part.ChannelFrom, width = part.ChannelTo - part.ChannelFrom;
        ref var outRef = ref MemoryMarshal.GetReference(output);
        ref var inRef = ref MemoryMarshal.GetReference(input);
        ref var wRef = ref MemoryMarshal.GetReference(weights);
        FillCells(output, part.RowFrom * wout, part.RowTo * wout, cout, c0, width, bias.IsEmpty ? bias : bias.Slice(c0, width));

        // Input rows that reach output rows [RowFrom, RowTo), in the same order as the whole kernel.
        Span<(int Offset, int Output)> rowTaps = stackalloc (int, int)[k];
        Span<(int Offset, int Output)> columnTaps = stackalloc (int, int)[k];
        var iyFrom = Math.Max(0, (part.RowFrom * s) - pad);
        var iyTo = Math.Min(g.InHeight, ((part.RowTo - 1) * s) - pad + k);
        for (var iy = iyFrom; iy < iyTo; iy++)
        {
            var rows = KernelTaps.For(iy, k, s, pad, part.RowFrom, part.RowTo, rowTaps);
            if (rows == 0)
            {
                continue;
            }
            // The row's non-zero values in (ix, c) order, found a vector at a time.
            ref var inputRow = ref Unsafe.Add(ref inRef, iy * rowLength);
            var columnsOf = -1;
            var columns = 0;
            for (var i = Simd.NextNonZero(ref inputRow, rowLength, 0); i < rowLength; i = Simd.NextNonZero(ref inputRow, rowLength, i + 1))
            {
                var ix = i / cin;
                var c = i - (ix * cin);
                if (ix != columnsOf)
                {
                    columns = KernelTaps.For(ix, k, s, pad, 0, wout, columnTaps);
                    columnsOf = ix;
                }
                var v = Unsafe.Add(ref inputRow, i);
                for (var r = 0; r < rows; r++)
                {
                    var (ky, y) = rowTaps[r];
                    for (var q = 0; q < columns; q++)
                    {
                        var (kx, x) = columnTaps[q];
                        var row = (((ky * k) + kx) * cin) + c;
                        Simd.Axpy(v, ref Unsafe.Add(ref wRef, (row * cout) + c0), ref Unsafe.Add(ref outRef, (((y * wout) + x) * cout) + c0), width);
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
        MacCounter.AddUpdate(g.DenseMacs);
        AccumulateWeightGrad(g, input, gradOut, scale, dW, IsSparse(g, input), 0, g.Rows);
    }

    /// <summary>
    /// True when <paramref name="input"/> is sparse enough for the scatter path of the weight
    /// gradient. Always false for a transposed geometry: its weight gradient runs on the mirror,
    /// whose dense path skips the positions where the (sparse) input is all zero.
    /// </summary>
    public static bool IsSparse(in ConvGeometry g, ReadOnlySpan<float> input) =>
        !g.Transposed && Simd.CountNonZero(input[..g.InSize]) * SparseInputRatio < g.InSize;

    /// <summary>
    /// Weight rows [<paramref name="rowFrom"/>, <paramref name="rowTo"/>) (rows (ky, kx, c)) of
    /// <see cref="AccumulateWeightGrad(in ConvGeometry, ReadOnlySpan{float}, ReadOnlySpan{float}, float, Span{float})"/>;
    /// <paramref name="sparse"/> picks the path (decide once per call with <see cref="IsSparse"/>).
    /// </summary>
    public static void AccumulateWeightGrad(in ConvGeometry g, ReadOnlySpan<float> input, ReadOnlySpan<float> gradOut, float scale, Span<float> dW, bool sparse, int rowFrom, int rowTo)
    {
        if (g.Transposed)
        {
            // y = Mᵀ x for the mirror correlation M: dW = corr(∂L/∂y, x), the mirror's weight gradient with the roles swapped.
            AccumulateWeightGrad(g.Mirror, gradOut, input, scale, dW, sparse: false, rowFrom, rowTo);
            return;
        }
        Check(input.Length >= g.InSize && gradOut.Length >= g.OutSize && dW.Length >= g.WeightCount);
        if (rowFrom >= rowTo)
        {
            return;
        }
        // Sparse inputs (this step's spikes): scatter over the non-zeros. Dense inputs (traces): a
        // register-blocked GEMM over all positions is faster than skipping the few zeros.
        if (sparse)
        {
            ScatterWeightGrad(g, input, gradOut, scale, dW, rowFrom, rowTo);
        }
        else
        {
            WeightGradKernels.AccumulateDense(g, input, gradOut, scale, dW, rowFrom, rowTo);
        }
    }

    /// <summary>Inputs with fewer than 1 non-zero in this many values take the scatter path.</summary>
    private const int SparseInputRatio = 8;

    /// <summary>
    /// The sparse-input path: driven by the non-zero inputs (this step's spikes), each adding
    /// v·G[y, x, :] to the weight rows of the taps it reaches. Rows outside [rowFrom, rowTo) belong
    /// to other workers.
    /// </summary>
    private static void ScatterWeightGrad(in ConvGeometry g, ReadOnlySpan<float> input, ReadOnlySpan<float> gradOut, float scale, Span<float> dW, int rowFrom, int rowTo)
    {
        int cin = g.InChannels, cout = g.OutChannels, hout = g.OutHeight, wout = g.OutWidth, k = g.Kernel, s = g.Stride, pad = g.Padding, rowLength = g.InWidth * cin;
        ref var inRef = ref MemoryMarshal.GetReference(input);
        ref var gRef = ref MemoryMarshal.GetReference(gradOut);
        ref var dwRef = ref MemoryMarshal.GetReference(dW);
        Span<(int Offset, int Output)> rowTaps = stackalloc (int, int)[k];
        Span<(int Offset, int Output)> columnTaps = stackalloc (int, int)[k];
        for (var iy = 0; iy < g.InHeight; iy++)
        {
            var rows = KernelTaps.For(iy, k, s, pad, 0, hout, rowTaps);
            if (rows == 0)
            {
                continue;
            }
            ref var inputRow = ref Unsafe.Add(ref inRef, iy * rowLength);
            var columnsOf = -1;
            var columns = 0;
            for (var i = Simd.NextNonZero(ref inputRow, rowLength, 0); i < rowLength; i = Simd.NextNonZero(ref inputRow, rowLength, i + 1))
            {
                var ix = i / cin;
                var c = i - (ix * cin);
                if (ix != columnsOf)
                {
                    columns = KernelTaps.For(ix, k, s, pad, 0, wout, columnTaps);
                    columnsOf = ix;
                }
                var sv = scale * Unsafe.Add(ref inputRow, i);
                for (var r = 0; r < rows; r++)
                {
                    var (ky, y) = rowTaps[r];
                    for (var q = 0; q < columns; q++)
                    {
                        var (kx, x) = columnTaps[q];
                        var row = (((ky * k) + kx) * cin) + c;
                        if (row < rowFrom || row >= rowTo)
                        {
                            continue;
                        }
                        Simd.Axpy(sv, ref Unsafe.Add(ref gRef, ((y * wout) + x) * cout), ref Unsafe.Add(ref dwRef, row * cout), cout);
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
        MacCounter.AddSignal(g.DenseMacs);
        InputGradTransposed(g, gradOut, weightsT, gradIn, SynapsePart.Whole(g.InHeight, g.InChannels));
    }

    /// <summary>The input rows and channels of <paramref name="part"/> of the input gradient (overwritten there only).</summary>
    /// <exception cref="NotSupportedException">A transposed geometry (it keeps no transposed copy: its input gradient is the mirror's forward).</exception>
    public static void InputGradTransposed(in ConvGeometry g, ReadOnlySpan<float> gradOut, ReadOnlySpan<float> weightsT, Span<float> gradIn, SynapsePart part)
    {
        if (g.Transposed)
        {
            throw new NotSupportedException("a transposed convolution has no transposed weight copy: use InputGrad");
        }
        Check(gradOut.Length >= g.OutSize && weightsT.Length >= g.WeightCount && gradIn.Length >= g.InSize);
        InputGradKernels.Compute(g, gradOut, weightsT, gradIn, part);
    }

    /// <summary>
    /// gradIn = Wᵀ ⋆ gradOut with the weights in the normal layout (one dot product of length C_out
    /// per input element); for layers without a transposed copy (readouts, local classifiers).
    /// </summary>
    public static void InputGrad(in ConvGeometry g, ReadOnlySpan<float> gradOut, ReadOnlySpan<float> weights, Span<float> gradIn)
    {
        MacCounter.AddSignal(g.DenseMacs);
        if (g.Transposed)
        {
            // The adjoint of a transposed convolution is its mirror correlation.
            var mirror = g.Mirror;
            Forward(mirror, gradOut, weights, [], gradIn, SynapsePart.Whole(mirror.OutHeight, mirror.OutChannels));
            return;
        }
        AdjointCore(g, gradOut, weights, gradIn);
    }

    /// <summary>
    /// A transposed convolution's forward pass: the adjoint of its mirror correlation, scattering
    /// only the non-zero input positions, plus the bias.
    /// </summary>
    private static void TransposedForward(in ConvGeometry g, ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output)
    {
        AdjointCore(g.Mirror, input, weights, output);
        if (!bias.IsEmpty)
        {
            Check(bias.Length >= g.OutChannels);
            int cout = g.OutChannels, cells = g.OutHeight * g.OutWidth;
            for (var p = 0; p < cells; p++)
            {
                System.Numerics.Tensors.TensorPrimitives.Add(output.Slice(p * cout, cout), bias[..cout], output.Slice(p * cout, cout));
            }
        }
    }

    /// <summary>gradIn = Wᵀ ⋆ gradOut of a correlation, one dot product of length C_out per input element (not counted).</summary>
    private static void AdjointCore(in ConvGeometry g, ReadOnlySpan<float> gradOut, ReadOnlySpan<float> weights, Span<float> gradIn)
    {
        Check(gradOut.Length >= g.OutSize && weights.Length >= g.WeightCount && gradIn.Length >= g.InSize);
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

    /// <summary>
    /// Sets channels [offset, offset + width) of cells [cellFrom, cellTo) (cells of <paramref name="stride"/>
    /// values) to <paramref name="values"/>, or to zero when it is empty.
    /// </summary>
    internal static void FillCells(Span<float> output, int cellFrom, int cellTo, int stride, int offset, int width, ReadOnlySpan<float> values)
    {
        ref var dst = ref MemoryMarshal.GetReference(output);
        ref var src = ref MemoryMarshal.GetReference(values);
        var zero = values.IsEmpty;
        var w = Vector<float>.Count;
        for (var p = cellFrom; p < cellTo; p++)
        {
            ref var d = ref Unsafe.Add(ref dst, (p * stride) + offset);
            var o = 0;
            for (; o <= width - w; o += w)
            {
                (zero ? Vector<float>.Zero : Vector.LoadUnsafe(ref src, (nuint)o)).StoreUnsafe(ref d, (nuint)o);
            }
            for (; o < width; o++)
            {
                Unsafe.Add(ref d, o) = zero ? 0f : Unsafe.Add(ref src, o);
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
