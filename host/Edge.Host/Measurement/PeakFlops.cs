using System.Diagnostics;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace Edge.Host.Measurement;

/// <summary>
/// The machine's measured float32 peak: a loop of independent fused multiply-adds on
/// <see cref="Vector{T}"/> (the width the kernels use: AVX2 on x64, NEON on arm64), twelve chains
/// deep so that FMA latency is hidden on one or two pipes, timed on 1 thread and on every core.
/// Where <see cref="Vector{T}"/> is not accelerated (32-bit ARM) the same loop runs on scalar
/// floats, which is then the ceiling of the kernels too.
/// </summary>
internal static class PeakFlops
{
    private const int Chains = 12;

    /// <summary>True when the loop runs vector FMAs (else scalar multiply-adds).</summary>
    public static bool Vectorized => Vector.IsHardwareAccelerated;

    /// <summary>Float lanes per operation of the loop.</summary>
    public static int Lanes => Vectorized ? Vector<float>.Count : 1;

    /// <summary>GFLOP/s of <paramref name="threads"/> threads running the loop for about <paramref name="seconds"/>.</summary>
    public static double Measure(int threads, double seconds)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(threads);
        Run(1000); // JIT and warm the pipes
        var iterations = Calibrate(seconds);
        var workers = new Thread[threads];
        using var start = new Barrier(threads + 1);
        for (var t = 0; t < threads; t++)
        {
            workers[t] = new Thread(() =>
            {
                start.SignalAndWait();
                Run(iterations);
            })
            { IsBackground = true };
            workers[t].Start();
        }
        start.SignalAndWait();
        var clock = Stopwatch.StartNew();
        foreach (var w in workers)
        {
            w.Join();
        }
        var elapsed = clock.Elapsed.TotalSeconds;
        return threads * (double)iterations * Chains * 2 * Lanes / elapsed / 1e9;
    }

    private static long Calibrate(double seconds)
    {
        long n = 1 << 16;
        while (true)
        {
            var clock = Stopwatch.StartNew();
            Run(n);
            var t = clock.Elapsed.TotalSeconds;
            if (t > 0.05)
            {
                return (long)(n * seconds / t);
            }
            n *= 4;
        }
    }

    private static float Run(long iterations) => Vectorized ? RunVector(iterations) : RunScalar(iterations);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static float RunVector(long iterations)
    {
        var m = new Vector<float>(0.999999f);
        var c = new Vector<float>(1e-7f);
        Vector<float> a0 = Vector<float>.One, a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0, a8 = a0, a9 = a0, a10 = a0, a11 = a0;
        for (long i = 0; i < iterations; i++)
        {
            a0 = Vector.FusedMultiplyAdd(a0, m, c);
            a1 = Vector.FusedMultiplyAdd(a1, m, c);
            a2 = Vector.FusedMultiplyAdd(a2, m, c);
            a3 = Vector.FusedMultiplyAdd(a3, m, c);
            a4 = Vector.FusedMultiplyAdd(a4, m, c);
            a5 = Vector.FusedMultiplyAdd(a5, m, c);
            a6 = Vector.FusedMultiplyAdd(a6, m, c);
            a7 = Vector.FusedMultiplyAdd(a7, m, c);
            a8 = Vector.FusedMultiplyAdd(a8, m, c);
            a9 = Vector.FusedMultiplyAdd(a9, m, c);
            a10 = Vector.FusedMultiplyAdd(a10, m, c);
            a11 = Vector.FusedMultiplyAdd(a11, m, c);
        }
        return Vector.Sum(a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static float RunScalar(long iterations)
    {
        const float m = 0.999999f, c = 1e-7f;
        float a0 = 1, a1 = 1, a2 = 1, a3 = 1, a4 = 1, a5 = 1, a6 = 1, a7 = 1, a8 = 1, a9 = 1, a10 = 1, a11 = 1;
        for (long i = 0; i < iterations; i++)
        {
            a0 = (a0 * m) + c;
            a1 = (a1 * m) + c;
            a2 = (a2 * m) + c;
            a3 = (a3 * m) + c;
            a4 = (a4 * m) + c;
            a5 = (a5 * m) + c;
            a6 = (a6 * m) + c;
            a7 = (a7 * m) + c;
            a8 = (a8 * m) + c;
            a9 = (a9 * m) + c;
            a10 = (a10 * m) + c;
            a11 = (a11 * m) + c;
        }
        return a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11;
    }
}
