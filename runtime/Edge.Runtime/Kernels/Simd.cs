using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Edge.Runtime.Kernels;

/// <summary>
/// The inner loops every synapse kernel is made of — axpy and dot over a contiguous channel
/// vector — written with <see cref="Vector{T}"/> so they map to AVX2 on x64 and NEON on arm64.
/// The ref-based overloads are for kernels that already validated their spans (no per-call
/// slicing or bounds checks in the innermost loop). Multiplies and adds stay separate (no fused
/// multiply-add) so results stay within a few ulp of the official code.
/// </summary>
public static class Simd
{
    /// <summary>y += a·x.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Axpy(float a, ReadOnlySpan<float> x, Span<float> y)
    {
        if (y.Length < x.Length)
        {
            throw new ArgumentException("y is shorter than x", nameof(y));
        }
        Axpy(a, ref MemoryMarshal.GetReference(x), ref MemoryMarshal.GetReference(y), x.Length);
    }

    /// <summary>y[0..n) += a·x[0..n) on validated memory.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Axpy(float a, ref float x, ref float y, int n)
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var w = Vector<float>.Count;
            var va = new Vector<float>(a);
            for (; i <= n - (2 * w); i += 2 * w)
            {
                var y0 = Vector.LoadUnsafe(ref y, (nuint)i) + (va * Vector.LoadUnsafe(ref x, (nuint)i));
                var y1 = Vector.LoadUnsafe(ref y, (nuint)(i + w)) + (va * Vector.LoadUnsafe(ref x, (nuint)(i + w)));
                y0.StoreUnsafe(ref y, (nuint)i);
                y1.StoreUnsafe(ref y, (nuint)(i + w));
            }
            for (; i <= n - w; i += w)
            {
                (Vector.LoadUnsafe(ref y, (nuint)i) + (va * Vector.LoadUnsafe(ref x, (nuint)i))).StoreUnsafe(ref y, (nuint)i);
            }
        }
        for (; i < n; i++)
        {
            Unsafe.Add(ref y, i) += a * Unsafe.Add(ref x, i);
        }
    }

    /// <summary>Σ x·y.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Dot(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
    {
        if (y.Length < x.Length)
        {
            throw new ArgumentException("y is shorter than x", nameof(y));
        }
        return Dot(ref MemoryMarshal.GetReference(x), ref MemoryMarshal.GetReference(y), x.Length);
    }

    /// <summary>Σ x[0..n)·y[0..n) on validated memory.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static float Dot(ref float x, ref float y, int n)
    {
        var i = 0;
        var sum = 0f;
        if (Vector.IsHardwareAccelerated && n >= Vector<float>.Count)
        {
            var w = Vector<float>.Count;
            var acc0 = Vector<float>.Zero;
            var acc1 = Vector<float>.Zero;
            for (; i <= n - (2 * w); i += 2 * w)
            {
                acc0 += Vector.LoadUnsafe(ref x, (nuint)i) * Vector.LoadUnsafe(ref y, (nuint)i);
                acc1 += Vector.LoadUnsafe(ref x, (nuint)(i + w)) * Vector.LoadUnsafe(ref y, (nuint)(i + w));
            }
            for (; i <= n - w; i += w)
            {
                acc0 += Vector.LoadUnsafe(ref x, (nuint)i) * Vector.LoadUnsafe(ref y, (nuint)i);
            }
            sum = Vector.Sum(acc0 + acc1);
        }
        for (; i < n; i++)
        {
            sum += Unsafe.Add(ref x, i) * Unsafe.Add(ref y, i);
        }
        return sum;
    }

    /// <summary>True when every element of x[0..n) is zero.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool IsAllZero(ref float x, int n)
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var w = Vector<float>.Count;
            for (; i <= n - w; i += w)
            {
                if (!Vector.EqualsAll(Vector.LoadUnsafe(ref x, (nuint)i), Vector<float>.Zero))
                {
                    return false;
                }
            }
        }
        for (; i < n; i++)
        {
            if (Unsafe.Add(ref x, i) != 0f)
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>
    /// sum[o] += Σ_p rows[p·width + o] for the rows of <paramref name="rows"/> in order (a bias
    /// gradient over positions): one pass with the sums in registers, each element adding its
    /// terms in row order.
    /// </summary>
    public static void AddRows(ReadOnlySpan<float> rows, int width, Span<float> sum)
    {
        if (width <= 0 || sum.Length < width || rows.Length % width != 0)
        {
            throw new ArgumentException("rows must hold whole rows of sum's width");
        }
        ref var r = ref MemoryMarshal.GetReference(rows);
        ref var s = ref MemoryMarshal.GetReference(sum);
        var count = rows.Length / width;
        var o = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var w = Vector<float>.Count;
            for (; o <= width - (2 * w); o += 2 * w)
            {
                var a0 = Vector.LoadUnsafe(ref s, (nuint)o);
                var a1 = Vector.LoadUnsafe(ref s, (nuint)(o + w));
                for (var p = 0; p < count; p++)
                {
                    ref var row = ref Unsafe.Add(ref r, (p * width) + o);
                    a0 += Vector.LoadUnsafe(ref row);
                    a1 += Vector.LoadUnsafe(ref row, (nuint)w);
                }
                a0.StoreUnsafe(ref s, (nuint)o);
                a1.StoreUnsafe(ref s, (nuint)(o + w));
            }
            for (; o <= width - w; o += w)
            {
                var a = Vector.LoadUnsafe(ref s, (nuint)o);
                for (var p = 0; p < count; p++)
                {
                    a += Vector.LoadUnsafe(ref r, (nuint)((p * width) + o));
                }
                a.StoreUnsafe(ref s, (nuint)o);
            }
        }
        for (; o < width; o++)
        {
            var a = Unsafe.Add(ref s, o);
            for (var p = 0; p < count; p++)
            {
                a += Unsafe.Add(ref r, (p * width) + o);
            }
            Unsafe.Add(ref s, o) = a;
        }
    }

    /// <summary>
    /// Index of the first non-zero element of x[<paramref name="from"/>..n), or n when there is none;
    /// all-zero vectors are skipped whole.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int NextNonZero(ref float x, int n, int from)
    {
        var i = from;
        if (Vector.IsHardwareAccelerated)
        {
            var w = Vector<float>.Count;
            for (; i <= n - w; i += w)
            {
                if (!Vector.EqualsAll(Vector.LoadUnsafe(ref x, (nuint)i), Vector<float>.Zero))
                {
                    break;
                }
            }
        }
        for (; i < n; i++)
        {
            if (Unsafe.Add(ref x, i) != 0f)
            {
                return i;
            }
        }
        return n;
    }

    /// <summary>Number of non-zero elements.</summary>
    public static int CountNonZero(ReadOnlySpan<float> x)
    {
        ref var r = ref MemoryMarshal.GetReference(x);
        var n = x.Length;
        var i = 0;
        var count = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var w = Vector<float>.Count;
            var zeros = Vector<int>.Zero;
            for (; i <= n - w; i += w)
            {
                // Equals gives −1 per zero lane: summing counts zeros (negated).
                zeros += Vector.Equals(Vector.LoadUnsafe(ref r, (nuint)i), Vector<float>.Zero);
            }
            count = (i + Vector.Sum(zeros));
        }
        for (; i < n; i++)
        {
            if (Unsafe.Add(ref r, i) != 0f)
            {
                count++;
            }
        }
        return count;
    }
}
