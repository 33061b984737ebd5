using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Edge.Runtime.Kernels;

/// <summary>
/// Dense weight-gradient kernel of a synapse: dW[row, o] += scale · Σ_p X[patch(p, row)] · G[p, o]
/// over all output positions p — a small GEMM computed without im2col. Rows are grouped by kernel
/// offset (ky, kx) so every patch read is a contiguous channel run; a block of up to 4 rows × 2
/// vectors of outputs stays in registers while the positions stream by. Positions whose gradient
/// row is all zero are skipped.
/// </summary>
internal static class WeightGradKernels
{
    /// <summary>Rows [rowFrom, rowTo) of the weight gradient (rows (ky, kx, c)); each row is computed whole.</summary>
    public static void AccumulateDense(in ConvGeometry g, ReadOnlySpan<float> input, ReadOnlySpan<float> gradOut, float scale, Span<float> dW, int rowFrom, int rowTo)
    {
        int cin = g.InChannels, cout = g.OutChannels, k = g.Kernel;
        ref var xRef = ref MemoryMarshal.GetReference(input);
        ref var gRef = ref MemoryMarshal.GetReference(gradOut);
        ref var dwRef = ref MemoryMarshal.GetReference(dW);
        var w = Vector<float>.Count;
        var block = 2 * w;
        for (var ky = 0; ky < k; ky++)
        {
            var (y0, y1) = ValidRange(ky, g.Stride, g.Padding, g.InHeight, g.OutHeight);
            for (var kx = 0; kx < k; kx++)
            {
                var (x0, x1) = ValidRange(kx, g.Stride, g.Padding, g.InWidth, g.OutWidth);
                if (y0 >= y1 || x0 >= x1)
                {
                    continue;
                }
                var span = new PatchSpan(g, ky, kx, y0, y1, x0, x1);
                var rowBase = ((ky * k) + kx) * cin;
                var cTo = Math.Min(cin, rowTo - rowBase);
                var c0 = Math.Max(0, rowFrom - rowBase);
                for (; c0 + 4 <= cTo; c0 += 4)
                {
                    var o0 = 0;
                    for (; Vector.IsHardwareAccelerated && o0 + block <= cout; o0 += block)
                    {
                        Block4(span, ref xRef, ref gRef, c0, o0, scale, ref Unsafe.Add(ref dwRef, ((rowBase + c0) * cout) + o0));
                    }
                    for (var r = 0; r < 4; r++)
                    {
                        Scalar(span, ref xRef, ref gRef, c0 + r, o0, cout, scale, ref Unsafe.Add(ref dwRef, (rowBase + c0 + r) * cout));
                    }
                }
                for (; c0 + 2 <= cTo; c0 += 2)
                {
                    var o0 = 0;
                    for (; Vector.IsHardwareAccelerated && o0 + block <= cout; o0 += block)
                    {
                        Block2(span, ref xRef, ref gRef, c0, o0, scale, ref Unsafe.Add(ref dwRef, ((rowBase + c0) * cout) + o0));
                    }
                    for (var r = 0; r < 2; r++)
                    {
                        Scalar(span, ref xRef, ref gRef, c0 + r, o0, cout, scale, ref Unsafe.Add(ref dwRef, (rowBase + c0 + r) * cout));
                    }
                }
                for (; c0 < cTo; c0++)
                {
                    var o0 = 0;
                    for (; Vector.IsHardwareAccelerated && o0 + block <= cout; o0 += block)
                    {
                        Block1(span, ref xRef, ref gRef, c0, o0, scale, ref Unsafe.Add(ref dwRef, ((rowBase + c0) * cout) + o0));
                    }
                    Scalar(span, ref xRef, ref gRef, c0, o0, cout, scale, ref Unsafe.Add(ref dwRef, (rowBase + c0) * cout));
                }
            }
        }
    }

    /// <summary>Output positions y (or x) whose input row iy = y·s + k − pad lies inside the input.</summary>
    private static (int From, int To) ValidRange(int kOffset, int stride, int pad, int inSize, int outSize)
    {
        var from = Math.Max(0, (pad - kOffset + stride - 1) / stride);
        var to = Math.Min(outSize, ((inSize - 1 + pad - kOffset) / stride) + 1);
        return (from, to);
    }

    /// <summary>The output positions of one kernel offset and where their input pixels are.</summary>
    private readonly struct PatchSpan(in ConvGeometry g, int ky, int kx, int y0, int y1, int x0, int x1)
    {
        public readonly int Y0 = y0, Y1 = y1, X0 = x0, X1 = x1;
        public readonly int Cin = g.InChannels, Cout = g.OutChannels, OutWidth = g.OutWidth, InWidth = g.InWidth, Stride = g.Stride;
        public readonly int Ky = ky - g.Padding, Kx = kx - g.Padding;

        public int InputPixel(int y, int x) => ((((y * Stride) + Ky) * InWidth) + (x * Stride) + Kx) * Cin;

        public int OutputRow(int y, int x) => ((y * OutWidth) + x) * Cout;
    }

    private static void Block4(in PatchSpan s, ref float xRef, ref float gRef, int c0, int o0, float scale, ref float dw)
    {
        var w = Vector<float>.Count;
        Vector<float> a00 = default, a01 = default, a10 = default, a11 = default, a20 = default, a21 = default, a30 = default, a31 = default;
        for (var y = s.Y0; y < s.Y1; y++)
        {
            for (var x = s.X0; x < s.X1; x++)
            {
                ref var gp = ref Unsafe.Add(ref gRef, s.OutputRow(y, x) + o0);
                var g0 = Vector.LoadUnsafe(ref gp);
                var g1 = Vector.LoadUnsafe(ref gp, (nuint)w);
                ref var xp = ref Unsafe.Add(ref xRef, s.InputPixel(y, x) + c0);
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
        }
        var sc = new Vector<float>(scale);
        var rowStride = s.Cout;
        Add(ref dw, 0, w, sc, a00, a01);
        Add(ref dw, rowStride, w, sc, a10, a11);
        Add(ref dw, 2 * rowStride, w, sc, a20, a21);
        Add(ref dw, 3 * rowStride, w, sc, a30, a31);
    }

    private static void Block2(in PatchSpan s, ref float xRef, ref float gRef, int c0, int o0, float scale, ref float dw)
    {
        var w = Vector<float>.Count;
        Vector<float> a00 = default, a01 = default, a10 = default, a11 = default;
        for (var y = s.Y0; y < s.Y1; y++)
        {
            for (var x = s.X0; x < s.X1; x++)
            {
                ref var gp = ref Unsafe.Add(ref gRef, s.OutputRow(y, x) + o0);
                var g0 = Vector.LoadUnsafe(ref gp);
                var g1 = Vector.LoadUnsafe(ref gp, (nuint)w);
                ref var xp = ref Unsafe.Add(ref xRef, s.InputPixel(y, x) + c0);
                var v0 = new Vector<float>(xp);
                var v1 = new Vector<float>(Unsafe.Add(ref xp, 1));
                a00 += v0 * g0;
                a01 += v0 * g1;
                a10 += v1 * g0;
                a11 += v1 * g1;
            }
        }
        var sc = new Vector<float>(scale);
        Add(ref dw, 0, w, sc, a00, a01);
        Add(ref dw, s.Cout, w, sc, a10, a11);
    }

    private static void Block1(in PatchSpan s, ref float xRef, ref float gRef, int c, int o0, float scale, ref float dw)
    {
        var w = Vector<float>.Count;
        Vector<float> a0 = default, a1 = default;
        for (var y = s.Y0; y < s.Y1; y++)
        {
            for (var x = s.X0; x < s.X1; x++)
            {
                var xv = Unsafe.Add(ref xRef, s.InputPixel(y, x) + c);
                if (xv == 0f)
                {
                    continue;
                }
                ref var gp = ref Unsafe.Add(ref gRef, s.OutputRow(y, x) + o0);
                var v = new Vector<float>(xv);
                a0 += v * Vector.LoadUnsafe(ref gp);
                a1 += v * Vector.LoadUnsafe(ref gp, (nuint)w);
            }
        }
        Add(ref dw, 0, w, new Vector<float>(scale), a0, a1);
    }

    /// <summary>Outputs o0 … cout−1 of one row, scalar (the tail that does not fill a vector block).</summary>
    private static void Scalar(in PatchSpan s, ref float xRef, ref float gRef, int c, int o0, int cout, float scale, ref float dwRow)
    {
        for (var o = o0; o < cout; o++)
        {
            var acc = 0f;
            for (var y = s.Y0; y < s.Y1; y++)
            {
                for (var x = s.X0; x < s.X1; x++)
                {
                    acc += Unsafe.Add(ref xRef, s.InputPixel(y, x) + c) * Unsafe.Add(ref gRef, s.OutputRow(y, x) + o);
                }
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
