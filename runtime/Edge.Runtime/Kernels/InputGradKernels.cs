using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Edge.Runtime.Kernels;

/// <summary>
/// Input gradient of a synapse with transposed weights Wᵀ (rows (ky, kx, o) of C_in values):
/// gin[pixel, c] += Σ_o G[p, o] · Wᵀ[(ky, kx, o), c]. For every output position and kernel offset,
/// a block of 4 (or 2) vectors of input channels stays in registers while the outputs stream by, so the
/// input-gradient pixel is read and written once instead of once per output channel.
/// </summary>
internal static class InputGradKernels
{
    /// <summary>
    /// The input rows and channels of <paramref name="part"/> of the input gradient: overwritten
    /// there, untouched elsewhere. Every element sums its contributions in the same order whatever
    /// the part, so split and whole computations agree bit for bit.
    /// </summary>
    public static void Compute(in ConvGeometry g, ReadOnlySpan<float> gradOut, ReadOnlySpan<float> weightsT, Span<float> gradIn, SynapsePart part)
    {
        int cin = g.InChannels, cout = g.OutChannels, hout = g.OutHeight, wout = g.OutWidth, k = g.Kernel, s = g.Stride, pad = g.Padding;
        ref var gRef = ref MemoryMarshal.GetReference(gradOut);
        ref var wRef = ref MemoryMarshal.GetReference(weightsT);
        ref var inRef = ref MemoryMarshal.GetReference(gradIn);
        SynapseKernels.FillCells(gradIn, part.RowFrom * g.InWidth, part.RowTo * g.InWidth, cin, part.ChannelFrom, part.ChannelTo - part.ChannelFrom, []);
        var w = Vector<float>.Count;
        var block = 2 * w;
        // The non-zero outputs of a position, listed once and reused for every kernel offset and
        // channel block: no unpredictable branch in the inner loop.
        Span<int> nonZero = stackalloc int[cout];
        // Output rows whose receptive field reaches input rows [RowFrom, RowTo).
        var yFrom = Math.Max(0, (part.RowFrom + pad - k + s) / s);
        var yTo = Math.Min(hout, ((part.RowTo - 1 + pad) / s) + 1);
        for (var y = yFrom; y < yTo; y++)
        {
            for (var x = 0; x < wout; x++)
            {
                ref var grow = ref Unsafe.Add(ref gRef, ((y * wout) + x) * cout);
                if (Simd.IsAllZero(ref grow, cout))
                {
                    continue;
                }
                var count = 0;
                for (var o = 0; o < cout; o++)
                {
                    if (Unsafe.Add(ref grow, o) != 0f)
                    {
                        nonZero[count++] = o;
                    }
                }
                var active = nonZero[..count];
                for (var ky = 0; ky < k; ky++)
                {
                    var iy = (y * s) + ky - pad;
                    if (iy < part.RowFrom || iy >= part.RowTo || iy < 0 || iy >= g.InHeight)
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
                        ref var wk = ref Unsafe.Add(ref wRef, ((ky * k) + kx) * cout * cin);
                        var c0 = part.ChannelFrom;
                        for (; Vector.IsHardwareAccelerated && c0 + (2 * block) <= part.ChannelTo; c0 += 2 * block)
                        {
                            Block4(ref grow, active, ref Unsafe.Add(ref wk, c0), cin, ref Unsafe.Add(ref gpix, c0));
                        }
                        for (; Vector.IsHardwareAccelerated && c0 + block <= part.ChannelTo; c0 += block)
                        {
                            Block(ref grow, active, ref Unsafe.Add(ref wk, c0), cin, ref Unsafe.Add(ref gpix, c0));
                        }
                        for (; c0 < part.ChannelTo; c0++)
                        {
                            // Same order as the vector block: the element accumulates one output at a time.
                            ref var acc = ref Unsafe.Add(ref gpix, c0);
                            foreach (var o in active)
                            {
                                acc += Unsafe.Add(ref grow, o) * Unsafe.Add(ref wk, (o * cin) + c0);
                            }
                        }
                    }
                }
            }
        }
    }

    /// <summary>4 vectors of channels: twice the independent sums of <see cref="Block"/>, and one broadcast per 4 vectors.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Block4(ref float grow, ReadOnlySpan<int> active, ref float w, int cin, ref float gpix)
    {
        var n = Vector<float>.Count;
        var acc0 = Vector.LoadUnsafe(ref gpix);
        var acc1 = Vector.LoadUnsafe(ref gpix, (nuint)n);
        var acc2 = Vector.LoadUnsafe(ref gpix, (nuint)(2 * n));
        var acc3 = Vector.LoadUnsafe(ref gpix, (nuint)(3 * n));
        foreach (var o in active)
        {
            var v = new Vector<float>(Unsafe.Add(ref grow, o));
            ref var wo = ref Unsafe.Add(ref w, o * cin);
            acc0 += v * Vector.LoadUnsafe(ref wo);
            acc1 += v * Vector.LoadUnsafe(ref wo, (nuint)n);
            acc2 += v * Vector.LoadUnsafe(ref wo, (nuint)(2 * n));
            acc3 += v * Vector.LoadUnsafe(ref wo, (nuint)(3 * n));
        }
        acc0.StoreUnsafe(ref gpix);
        acc1.StoreUnsafe(ref gpix, (nuint)n);
        acc2.StoreUnsafe(ref gpix, (nuint)(2 * n));
        acc3.StoreUnsafe(ref gpix, (nuint)(3 * n));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Block(ref float grow, ReadOnlySpan<int> active, ref float w, int cin, ref float gpix)
    {
        var n = Vector<float>.Count;
        var acc0 = Vector.LoadUnsafe(ref gpix);
        var acc1 = Vector.LoadUnsafe(ref gpix, (nuint)n);
        foreach (var o in active)
        {
            var v = new Vector<float>(Unsafe.Add(ref grow, o));
            ref var wo = ref Unsafe.Add(ref w, o * cin);
            acc0 += v * Vector.LoadUnsafe(ref wo);
            acc1 += v * Vector.LoadUnsafe(ref wo, (nuint)n);
        }
        acc0.StoreUnsafe(ref gpix);
        acc1.StoreUnsafe(ref gpix, (nuint)n);
    }
}
