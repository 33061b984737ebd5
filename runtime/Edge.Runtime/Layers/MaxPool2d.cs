using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Edge.Runtime.Memory;
using Edge.Runtime.Specs;

namespace Edge.Runtime.Layers;

/// <summary>
/// Max pooling over k×k windows with stride s, vectorised over channels. The learning signal goes
/// to one input per window: the first maximum in row-major order inside the window (spike maps tie
/// constantly; an all-zero window sends it to the top-left element), as PyTorch does.
/// </summary>
public sealed class MaxPool2d : Layer
{
    private readonly int[]? _argMax;

    internal MaxPool2d(LayerSpec spec, int index, TensorShape input, TensorShape output, BuildContext ctx)
        : base(spec, index, input, output, ctx)
    {
        if (ctx.Learning)
        {
            _argMax = ctx.Ledger.Ints(MemoryCategory.StepCache, ctx.Batch * output.Size);
        }
    }

    /// <inheritdoc />
    public override void Forward(ReadOnlySpan<float> input, bool training)
    {
        int c = InputShape.C, w = InputShape.W, ho = OutputShape.H, wo = OutputShape.W, k = Spec.Kernel, s = Spec.Stride;
        if (input.Length < Batch * InputShape.Size)
        {
            throw new ArgumentException("input is smaller than the layer's input shape", nameof(input));
        }
        ref var inRef = ref MemoryMarshal.GetReference(input);
        ref var outRef = ref MemoryMarshal.GetArrayDataReference(Output);
        var track = _argMax is not null && BackwardFollows;
        ref var argRef = ref track ? ref MemoryMarshal.GetArrayDataReference(_argMax!) : ref Unsafe.NullRef<int>();
        var vw = Vector<float>.Count;
        for (var b = 0; b < Batch; b++)
        {
            var inBase = b * InputShape.Size;
            var outBase = b * OutputShape.Size;
            for (var y = 0; y < ho; y++)
            {
                for (var x = 0; x < wo; x++)
                {
                    var o = outBase + (((y * wo) + x) * c);
                    var first = inBase + ((((y * s) * w) + (x * s)) * c);
                    var ch = 0;
                    if (Vector.IsHardwareAccelerated)
                    {
                        for (; ch <= c - vw; ch += vw)
                        {
                            var best = Vector.LoadUnsafe(ref inRef, (nuint)(first + ch));
                            var bestAt = new Vector<int>(first + ch) + Lanes();
                            for (var ky = 0; ky < k; ky++)
                            {
                                for (var kx = 0; kx < k; kx++)
                                {
                                    if ((ky | kx) == 0)
                                    {
                                        continue;
                                    }
                                    var at = inBase + ((((((y * s) + ky) * w) + (x * s) + kx) * c) + ch);
                                    var v = Vector.LoadUnsafe(ref inRef, (nuint)at);
                                    var greater = Vector.GreaterThan(v, best);
                                    best = Vector.ConditionalSelect(greater, v, best);
                                    if (track)
                                    {
                                        bestAt = Vector.ConditionalSelect(greater, new Vector<int>(at) + Lanes(), bestAt);
                                    }
                                }
                            }
                            best.StoreUnsafe(ref outRef, (nuint)(o + ch));
                            if (track)
                            {
                                bestAt.StoreUnsafe(ref argRef, (nuint)(o + ch));
                            }
                        }
                    }
                    for (; ch < c; ch++)
                    {
                        var best = Unsafe.Add(ref inRef, first + ch);
                        var bestAt = first + ch;
                        for (var ky = 0; ky < k; ky++)
                        {
                            for (var kx = 0; kx < k; kx++)
                            {
                                var at = inBase + ((((((y * s) + ky) * w) + (x * s) + kx) * c) + ch);
                                var v = Unsafe.Add(ref inRef, at);
                                if (v > best)
                                {
                                    best = v;
                                    bestAt = at;
                                }
                            }
                        }
                        Unsafe.Add(ref outRef, o + ch) = best;
                        if (track)
                        {
                            Unsafe.Add(ref argRef, o + ch) = bestAt;
                        }
                    }
                }
            }
        }
    }

    /// <summary>0, 1, 2, … per lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<int> Lanes() => Vector<int>.Indices;

    /// <inheritdoc />
    public override void Backward(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradInput, bool needGradInput)
    {
        if (!needGradInput)
        {
            return;
        }
        gradInput[..(Batch * InputShape.Size)].Clear();
        var n = Batch * OutputShape.Size;
        for (var i = 0; i < n; i++)
        {
            gradInput[_argMax![i]] += gradOutput[i];
        }
    }
}
