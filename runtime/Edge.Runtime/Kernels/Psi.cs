using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using Edge.Runtime.Specs;

namespace Edge.Runtime.Kernels;

/// <summary>The secondary activations Ψ(v) of S-TLLR, in the official code's float32 order of operations.</summary>
public static class Psi
{
    /// <summary>Ψ(v) for one value.</summary>
    public static float Evaluate(PsiKind kind, float v)
    {
        switch (kind)
        {
            case PsiKind.FastSigmoid100:
                var t = (100f * MathF.Abs(v)) + 1f;
                return 1f / (t * t);
            case PsiKind.Triangle03:
                return 0.3f * MathF.Max(1f - MathF.Abs(v), 0f);
            case PsiKind.Sigmoid4:
                var s = 1f / (1f + MathF.Exp(-(v * 4f)));
                return (1f - s) * s * 4f;
            case PsiKind.Arctan10:
                var z = 10f * v;
                return 1f / (1f + (z * z));
            default:
                throw new ArgumentOutOfRangeException(nameof(kind));
        }
    }

    /// <summary>Replaces every v in <paramref name="values"/> by Ψ(v), vectorised.</summary>
    public static void EvaluateInPlace(PsiKind kind, Span<float> values)
    {
        if (kind == PsiKind.Sigmoid4)
        {
            // 4·σ(4v)·(1 − σ(4v)), as the official (1 − s)·s·4.
            TensorPrimitives.Multiply(values, 4f, values);
            TensorPrimitives.Sigmoid(values, values);
            foreach (ref var s in values)
            {
                s = (1f - s) * s * 4f;
            }
            return;
        }
        ref var r = ref MemoryMarshal.GetReference(values);
        var n = values.Length;
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var w = Vector<float>.Count;
            var one = Vector<float>.One;
            for (; i <= n - w; i += w)
            {
                var v = Vector.LoadUnsafe(ref r, (nuint)i);
                Vector<float> psi;
                switch (kind)
                {
                    case PsiKind.Triangle03:
                        psi = new Vector<float>(0.3f) * Vector.Max(one - Vector.Abs(v), Vector<float>.Zero);
                        break;
                    case PsiKind.FastSigmoid100:
                        var t = (new Vector<float>(100f) * Vector.Abs(v)) + one;
                        psi = one / (t * t);
                        break;
                    default:
                        var z = new Vector<float>(10f) * v;
                        psi = one / (one + (z * z));
                        break;
                }
                psi.StoreUnsafe(ref r, (nuint)i);
            }
        }
        for (; i < n; i++)
        {
            values[i] = Evaluate(kind, values[i]);
        }
    }

    /// <summary>The name used in specs.</summary>
    public static string Name(PsiKind kind) => kind switch
    {
        PsiKind.FastSigmoid100 => "fast-sigmoid-100",
        PsiKind.Triangle03 => "triangle-0.3",
        PsiKind.Sigmoid4 => "sigmoid-4",
        PsiKind.Arctan10 => "arctan-10",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };
}
