using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Edge.Runtime.Kernels;

/// <summary>
/// The two inner loops every synapse kernel is made of — axpy and dot over a contiguous channel
/// vector — written with <see cref="Vector{T}"/> so they map to AVX2 on x64 and NEON on arm64.
/// Multiplies and adds stay separate (no fused multiply-add), like PyTorch's CPU kernels on the
/// elementwise paths, so results stay within a few ulp of the official code.
/// </summary>
public static class Simd
{
    /// <summary>y += a·x.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Axpy(float a, ReadOnlySpan<float> x, Span<float> y)
    {
        var n = x.Length;
        ref var xr = ref MemoryMarshal.GetReference(x);
        ref var yr = ref MemoryMarshal.GetReference(y);
        var i = 0;
        if (Vector.IsHardwareAccelerated && n >= Vector<float>.Count)
        {
            var va = new Vector<float>(a);
            var w = Vector<float>.Count;
            for (; i <= n - (2 * w); i += 2 * w)
            {
                var y0 = Vector.LoadUnsafe(ref yr, (nuint)i) + (va * Vector.LoadUnsafe(ref xr, (nuint)i));
                var y1 = Vector.LoadUnsafe(ref yr, (nuint)(i + w)) + (va * Vector.LoadUnsafe(ref xr, (nuint)(i + w)));
                y0.StoreUnsafe(ref yr, (nuint)i);
                y1.StoreUnsafe(ref yr, (nuint)(i + w));
            }
            for (; i <= n - w; i += w)
            {
                (Vector.LoadUnsafe(ref yr, (nuint)i) + (va * Vector.LoadUnsafe(ref xr, (nuint)i))).StoreUnsafe(ref yr, (nuint)i);
            }
        }
        for (; i < n; i++)
        {
            Unsafe.Add(ref yr, i) += a * Unsafe.Add(ref xr, i);
        }
    }

    /// <summary>y += a·x1 + b·x2 (two axpys in one pass over y).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Axpy2(float a, ReadOnlySpan<float> x1, float b, ReadOnlySpan<float> x2, Span<float> y)
    {
        var n = y.Length;
        ref var x1r = ref MemoryMarshal.GetReference(x1);
        ref var x2r = ref MemoryMarshal.GetReference(x2);
        ref var yr = ref MemoryMarshal.GetReference(y);
        var i = 0;
        if (Vector.IsHardwareAccelerated && n >= Vector<float>.Count)
        {
            var va = new Vector<float>(a);
            var vb = new Vector<float>(b);
            var w = Vector<float>.Count;
            for (; i <= n - w; i += w)
            {
                var acc = Vector.LoadUnsafe(ref yr, (nuint)i) + (va * Vector.LoadUnsafe(ref x1r, (nuint)i));
                (acc + (vb * Vector.LoadUnsafe(ref x2r, (nuint)i))).StoreUnsafe(ref yr, (nuint)i);
            }
        }
        for (; i < n; i++)
        {
            Unsafe.Add(ref yr, i) = Unsafe.Add(ref yr, i) + (a * Unsafe.Add(ref x1r, i)) + (b * Unsafe.Add(ref x2r, i));
        }
    }

    /// <summary>Σ x·y.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Dot(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
    {
        var n = x.Length;
        ref var xr = ref MemoryMarshal.GetReference(x);
        ref var yr = ref MemoryMarshal.GetReference(y);
        var i = 0;
        var sum = 0f;
        if (Vector.IsHardwareAccelerated && n >= Vector<float>.Count)
        {
            var w = Vector<float>.Count;
            var acc0 = Vector<float>.Zero;
            var acc1 = Vector<float>.Zero;
            for (; i <= n - (2 * w); i += 2 * w)
            {
                acc0 += Vector.LoadUnsafe(ref xr, (nuint)i) * Vector.LoadUnsafe(ref yr, (nuint)i);
                acc1 += Vector.LoadUnsafe(ref xr, (nuint)(i + w)) * Vector.LoadUnsafe(ref yr, (nuint)(i + w));
            }
            for (; i <= n - w; i += w)
            {
                acc0 += Vector.LoadUnsafe(ref xr, (nuint)i) * Vector.LoadUnsafe(ref yr, (nuint)i);
            }
            sum = Vector.Sum(acc0 + acc1);
        }
        for (; i < n; i++)
        {
            sum += Unsafe.Add(ref xr, i) * Unsafe.Add(ref yr, i);
        }
        return sum;
    }

    /// <summary>True when every element is zero.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsAllZero(ReadOnlySpan<float> x)
    {
        var n = x.Length;
        ref var xr = ref MemoryMarshal.GetReference(x);
        var i = 0;
        if (Vector.IsHardwareAccelerated && n >= Vector<float>.Count)
        {
            var w = Vector<float>.Count;
            for (; i <= n - w; i += w)
            {
                if (!Vector.EqualsAll(Vector.LoadUnsafe(ref xr, (nuint)i), Vector<float>.Zero))
                {
                    return false;
                }
            }
        }
        for (; i < n; i++)
        {
            if (Unsafe.Add(ref xr, i) != 0f)
            {
                return false;
            }
        }
        return true;
    }
}
