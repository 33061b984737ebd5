using System.Numerics;
using System.Runtime.CompilerServices;

namespace Edge.Runtime.Kernels;

/// <summary>A secondary activation usable inside a vector loop (static dispatch: no call per element).</summary>
internal interface IPsiFunction
{
    static abstract Vector<float> Apply(Vector<float> v);

    static abstract float Apply(float v);
}

/// <summary>0.3·max(0, 1 − |v|).</summary>
internal readonly struct TrianglePsi : IPsiFunction
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<float> Apply(Vector<float> v) =>
        new Vector<float>(0.3f) * Vector.Max(Vector<float>.One - Vector.Abs(v), Vector<float>.Zero);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Apply(float v) => 0.3f * MathF.Max(1f - MathF.Abs(v), 0f);
}

/// <summary>1/(100·|v| + 1)².</summary>
internal readonly struct FastSigmoidPsi : IPsiFunction
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<float> Apply(Vector<float> v)
    {
        var t = (new Vector<float>(100f) * Vector.Abs(v)) + Vector<float>.One;
        return Vector<float>.One / (t * t);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Apply(float v)
    {
        var t = (100f * MathF.Abs(v)) + 1f;
        return 1f / (t * t);
    }
}

/// <summary>1/(1 + (10v)²).</summary>
internal readonly struct ArctanPsi : IPsiFunction
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<float> Apply(Vector<float> v)
    {
        var z = new Vector<float>(10f) * v;
        return Vector<float>.One / (Vector<float>.One + (z * z));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Apply(float v)
    {
        var z = 10f * v;
        return 1f / (1f + (z * z));
    }
}

/// <summary>
/// Placeholder for Ψ functions evaluated in a separate pass (sigmoid-4 needs exp): the fused loop
/// stores v and <see cref="Psi.EvaluateInPlace"/> finishes the job.
/// </summary>
internal readonly struct DeferredPsi : IPsiFunction
{
    public static Vector<float> Apply(Vector<float> v) => v;

    public static float Apply(float v) => v;
}
