using Edge.Runtime.Memory;
using Edge.Runtime.Specs;

namespace Edge.Runtime.Layers;

/// <summary>
/// Max pooling over k×k windows with stride s. The learning signal goes to one input per window:
/// the first maximum in row-major order inside the window (spike maps tie constantly; an all-zero
/// window sends it to the top-left element), as PyTorch does.
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
                    for (var ch = 0; ch < c; ch++)
                    {
                        var best = input[first + ch];
                        var bestAt = first + ch;
                        for (var ky = 0; ky < k; ky++)
                        {
                            for (var kx = 0; kx < k; kx++)
                            {
                                var at = inBase + ((((((y * s) + ky) * w) + (x * s) + kx) * c) + ch);
                                if (input[at] > best)
                                {
                                    best = input[at];
                                    bestAt = at;
                                }
                            }
                        }
                        Output[o + ch] = best;
                        if (_argMax is not null)
                        {
                            _argMax[o + ch] = bestAt;
                        }
                    }
                }
            }
        }
    }

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
