using Edge.Runtime.Specs;

namespace Edge.Runtime.Layers;

/// <summary>Average pooling over k×k windows with stride s; every input of a window gets L/(k·k).</summary>
public sealed class AvgPool2d : Layer
{
    internal AvgPool2d(LayerSpec spec, int index, TensorShape input, TensorShape output, BuildContext ctx)
        : base(spec, index, input, output, ctx)
    {
    }

    /// <inheritdoc />
    public override void Forward(ReadOnlySpan<float> input, bool training)
    {
        int c = InputShape.C, w = InputShape.W, ho = OutputShape.H, wo = OutputShape.W, k = Spec.Kernel, s = Spec.Stride;
        var divisor = (float)(k * k);
        for (var b = 0; b < Batch; b++)
        {
            var inBase = b * InputShape.Size;
            var outBase = b * OutputShape.Size;
            for (var y = 0; y < ho; y++)
            {
                for (var x = 0; x < wo; x++)
                {
                    var o = outBase + (((y * wo) + x) * c);
                    for (var ch = 0; ch < c; ch++)
                    {
                        var sum = 0f;
                        for (var ky = 0; ky < k; ky++)
                        {
                            for (var kx = 0; kx < k; kx++)
                            {
                                sum += input[inBase + ((((((y * s) + ky) * w) + (x * s) + kx) * c) + ch)];
                            }
                        }
                        Output[o + ch] = sum / divisor;
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
        int c = InputShape.C, w = InputShape.W, ho = OutputShape.H, wo = OutputShape.W, k = Spec.Kernel, s = Spec.Stride;
        var divisor = (float)(k * k);
        gradInput[..(Batch * InputShape.Size)].Clear();
        for (var b = 0; b < Batch; b++)
        {
            var inBase = b * InputShape.Size;
            var outBase = b * OutputShape.Size;
            for (var y = 0; y < ho; y++)
            {
                for (var x = 0; x < wo; x++)
                {
                    var o = outBase + (((y * wo) + x) * c);
                    for (var ch = 0; ch < c; ch++)
                    {
                        var share = gradOutput[o + ch] / divisor;
                        for (var ky = 0; ky < k; ky++)
                        {
                            for (var kx = 0; kx < k; kx++)
                            {
                                gradInput[inBase + ((((((y * s) + ky) * w) + (x * s) + kx) * c) + ch)] += share;
                            }
                        }
                    }
                }
            }
        }
    }
}
