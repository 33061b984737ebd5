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
