using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Edge.Runtime.Kernels;

/// <summary>
/// Dense weight-gradient kernel of a synapse: dW[row, o] += scale · Σ_p X[patch(p, row)] · G[p, o]
/// over all output positions p — a small GEMM computed without im2col. Rows are grouped by kernel
/// offset (ky, kx) so every patch read is a contiguous channel run; a block of up to 4 rows × 2
/// vectors of outputs stays in registers while the positions stream by. Positions whose gradient
/// row is all zero are skipped (after a max-pool backward, three quarters of them): for every
/// kernel offset the remaining positions are listed once as (gradient row, input pixel) offsets.
/// </summary>
internal static class WeightGradKernels
{
    /// <summary>
    /// Output positions listed at once (stack memory); larger maps are processed in bands of whole
    /// output rows, each band adding its own partial sums.
    /// </summary>
    private const int MaxListed = 4096;

    /// <summary>Rows [rowFrom, rowTo) of the weight gradient (rows (ky, kx, c)); each row is computed whole.</summary>
    public static void AccumulateDense(in ConvGeometry g, ReadOnlySpan<float> input, ReadOnlySpan<float> gradOut, float scale, Span<float> dW, int rowFrom, int rowTo)
    {
        int cin = g.InChannels, cout = g.OutChannels, k = g.Kernel, hout = g.OutHeight, wout = g.OutWidth, s = g.Stride, pad = g.Padding;
        ref var xRef = ref MemoryMarshal.GetReference(input);
        ref var gRef = ref MemoryMarshal.GetReference(gradOut);
        ref var dwRef = ref MemoryMarshal.GetReference(dW);
        var bandRows = Math.Clamp(MaxListed / wout, 1, hout);
        var listed = bandRows * wout;
        Span<int> activeY = stackalloc int[listed];
        Span<int> activeX = stackalloc int[listed];
        Span<int> gradRows = stackalloc int[listed];
        Span<int> pixels = stackalloc int[listed];
        for (var band = 0; band < hout; band += bandRows)
        {
            var bandEnd = Math.Min(hout, band + bandRows);
            var active = 0;
            for (var y = band; y < bandEnd; y++)
            {
                for (var x = 0; x < wout; x++)
                {
                    if (!Simd.IsAllZero(ref Unsafe.Add(ref gRef, ((y * wout) + x) * cout), cout))
                    {
                        activeY[active] = y;
                        activeX[active] = x;
                        active++;
                    }
                }
            }
            for (var ky = 0; ky < k; ky++)
            {
                var (y0, y1) = ValidRange(ky, s, pad, g.InHeight, hout);
                for (var kx = 0; kx < k; kx++)
                {
                    var (x0, x1) = ValidRange(kx, s, pad, g.InWidth, wout);
                    var count = 0;
                    for (var i = 0; i < active; i++)
                    {
                        // Branch-free: always written, kept only inside the valid range.
                        int y = activeY[i], x = activeX[i];
                        gradRows[count] = ((y * wout) + x) * cout;
                        pixels[count] = ((((y * s) + ky - pad) * g.InWidth) + (x * s) + kx - pad) * cin;
                        count += (uint)(y - y0) < (uint)(y1 - y0) && (uint)(x - x0) < (uint)(x1 - x0) ? 1 : 0;
                    }
                    if (count == 0)
                    {
                        continue;
                    }
                    var list = new Patches(gradRows[..count], pixels[..count]);
                    var rowBase = ((ky * k) + kx) * cin;
                    AccumulateOffset(list, ref xRef, ref gRef, scale, ref Unsafe.Add(ref dwRef, rowBase * cout),
                        Math.Max(0, rowFrom - rowBase), Math.Min(cin, rowTo - rowBase), cout);
                }
            }
        }
    }

    /// <summary>Channels [c0, cTo) of one kernel offset: the weight rows rowBase + c, blocked by 4, 2 and 1.</summary>
    private static void AccumulateOffset(in Patches list, ref float xRef, ref float gRef, float scale, ref float dwOffset, int c0, int cTo, int cout)
    {
        var block = 2 * Vector<float>.Count;
        for (; c0 + 4 <= cTo; c0 += 4)
        {
            var o0 = 0;
            for (; Vector.IsHardwareAccelerated && o0 + block <= cout; o0 += block)
            {
                Block4(list, ref xRef, ref gRef, c0, o0, cout, scale, ref Unsafe.Add(ref dwOffset, (c0 * cout) + o0));
            }
            for (var r = 0; r < 4; r++)
            {
                Scalar(list, ref xRef, ref gRef, c0 + r, o0, cout, scale, ref Unsafe.Add(ref dwOffset, (c0 + r) * cout));
            }
        }
        for (; c0 + 2 <= cTo; c0 += 2)
        {
            var o0 = 0;
            for (; Vector.IsHardwareAccelerated && o0 + block <= cout; o0 += block)
            {
                Block2(list, ref xRef, ref gRef, c0, o0, cout, scale, ref Unsafe.Add(ref dwOffset, (c0 * cout) + o0));
            }
            for (var r = 0; r < 2; r++)
            {
                Scalar(list, ref xRef, ref gRef, c0 + r, o0, cout, scale, ref Unsafe.Add(ref dwOffset, (c0 + r) * cout));
            }
        }
        for (; c0 < cTo; c0++)
        {
            var o0 = 0;
            for (; Vector.IsHardwareAccelerated && o0 + block <= cout; o0 += block)
            {
                Block1(list, ref xRef, ref gRef, c0, o0, scale, ref Unsafe.Add(ref dwOffset, (c0 * cout) + o0));
            }
            Scalar(list, ref xRef, ref gRef, c0, o0, cout, scale, ref Unsafe.Add(ref dwOffset, c0 * cout));
        }
    }

    /// <summary>Output positions y (or x) whose input row iy = y·s + k − pad lies inside the input.</summary>
    private static (int From, int To) ValidRange(int kOffset, int stride, int pad, int inSize, int outSize)
    {
        var from = Math.Max(0, (pad - kOffset + stride - 1) / stride);
        var to = Math.Min(outSize, ((inSize - 1 + pad - kOffset) / stride) + 1);
        return (from, to);
    }

    /// <summary>The listed positions of one kernel offset: where each one's gradient row and input pixel start.</summary>
    private readonly ref struct Patches
    {
        public readonly ref int GradRows;
        public readonly ref int Pixels;
        public readonly int Count;

        public Patches(Span<int> gradRows, Span<int> pixels)
        {
            GradRows = ref MemoryMarshal.GetReference(gradRows);
            Pixels = ref MemoryMarshal.GetReference(pixels);
            Count = gradRows.Length;
        }
    }

    private static void Block4(in Patches list, ref float xRef, ref float gRef, int c0, int o0, int cout, float scale, ref float dw)
    {
        var w = Vector<float>.Count;
        Vector<float> a00 = default, a01 = default, a10 = default, a11 = default, a20 = default, a21 = default, a30 = default, a31 = default;
        for (var i = 0; i < list.Count; i++)
        {
            ref var gp = ref Unsafe.Add(ref gRef, Unsafe.Add(ref list.GradRows, i) + o0);
            var g0 = Vector.LoadUnsafe(ref gp);
            var g1 = Vector.LoadUnsafe(ref gp, (nuint)w);
            ref var xp = ref Unsafe.Add(ref xRef, Unsafe.Add(ref list.Pixels, i) + c0);
            var v0 = new Vector<float>(xp);
            var v1 = new Vector<float>(Unsafe.Add(ref xp, 1));
            var v2 = new Vector<float>(Unsafe.Add(ref xp, 2));
            var v3 = new Vector<float>(Unsafe.Add(ref xp, 3));
            a00 += v0 * g0;
            a01 += v0 * g1;
            a10 += v1 * g0;
            a11 += v1 * g1;
            a20 += v2 * g0;
            a21 += v2 * g1;
            a30 += v3 * g0;
            a31 += v3 * g1;
        }
        var sc = new Vector<float>(scale);
        Add(ref dw, 0, w, sc, a00, a01);
        Add(ref dw, cout, w, sc, a10, a11);
        Add(ref dw, 2 * cout, w, sc, a20, a21);
        Add(ref dw, 3 * cout, w, sc, a30, a31);
    }

    private static void Block2(in Patches list, ref float xRef, ref float gRef, int c0, int o0, int cout, float scale, ref float dw)
    {
        var w = Vector<float>.Count;
        Vector<float> a00 = default, a01 = default, a10 = default, a11 = default;
        for (var i = 0; i < list.Count; i++)
        {
            ref var gp = ref Unsafe.Add(ref gRef, Unsafe.Add(ref list.GradRows, i) + o0);
            var g0 = Vector.LoadUnsafe(ref gp);
            var g1 = Vector.LoadUnsafe(ref gp, (nuint)w);
            ref var xp = ref Unsafe.Add(ref xRef, Unsafe.Add(ref list.Pixels, i) + c0);
            var v0 = new Vector<float>(xp);
            var v1 = new Vector<float>(Unsafe.Add(ref xp, 1));
            a00 += v0 * g0;
            a01 += v0 * g1;
            a10 += v1 * g0;
            a11 += v1 * g1;
        }
        var sc = new Vector<float>(scale);
        Add(ref dw, 0, w, sc, a00, a01);
        Add(ref dw, cout, w, sc, a10, a11);
    }

    private static void Block1(in Patches list, ref float xRef, ref float gRef, int c, int o0, float scale, ref float dw)
    {
        var w = Vector<float>.Count;
        Vector<float> a0 = default, a1 = default;
        for (var i = 0; i < list.Count; i++)
        {
            var xv = Unsafe.Add(ref xRef, Unsafe.Add(ref list.Pixels, i) + c);
            if (xv == 0f)
            {
                continue;
            }
            ref var gp = ref Unsafe.Add(ref gRef, Unsafe.Add(ref list.GradRows, i) + o0);
            var v = new Vector<float>(xv);
            a0 += v * Vector.LoadUnsafe(ref gp);
            a1 += v * Vector.LoadUnsafe(ref gp, (nuint)w);
        }
        Add(ref dw, 0, w, new Vector<float>(scale), a0, a1);
    }

    /// <summary>Outputs o0 … cout−1 of one row, scalar (the tail that does not fill a vector block).</summary>
    private static void Scalar(in Patches list, ref float xRef, ref float gRef, int c, int o0, int cout, float scale, ref float dwRow)
    {
        for (var o = o0; o < cout; o++)
        {
            var acc = 0f;
            for (var i = 0; i < list.Count; i++)
            {
                acc += Unsafe.Add(ref xRef, Unsafe.Add(ref list.Pixels, i) + c) * Unsafe.Add(ref gRef, Unsafe.Add(ref list.GradRows, i) + o);
            }
            Unsafe.Add(ref dwRow, o) += scale * acc;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Add(ref float dw, int offset, int w, Vector<float> scale, Vector<float> lo, Vector<float> hi)
    {
        ref var row = ref Unsafe.Add(ref dw, offset);
        (Vector.LoadUnsafe(ref row) + (scale * lo)).StoreUnsafe(ref row);
        (Vector.LoadUnsafe(ref row, (nuint)w) + (scale * hi)).StoreUnsafe(ref row, (nuint)w);
    }
}
