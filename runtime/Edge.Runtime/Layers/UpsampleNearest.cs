using Edge.Runtime.Kernels;
using Edge.Runtime.Specs;

namespace Edge.Runtime.Layers;

/// <summary>Nearest-neighbour upsampling: every value fills a scale × scale block (a decoder step without weights).</summary>
public sealed class UpsampleNearest : Layer
{
    internal UpsampleNearest(LayerSpec spec, int index, TensorShape input, TensorShape output, BuildContext ctx)
        : base(spec, index, input, output, ctx)
    {
    }

    /// <inheritdoc />
    public override void Forward(ReadOnlySpan<float> input, bool training)
    {
        int n = InputShape.Size, m = OutputShape.Size;
        for (var b = 0; b < Batch; b++)
        {
            MapKernels.UpsampleNearest(input.Slice(b * n, n), InputShape.C, InputShape.H, InputShape.W, Spec.Scale, Output.AsSpan(b * m, m));
        }
    }

    /// <inheritdoc />
    public override void Backward(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradInput, bool needGradInput)
    {
        if (!needGradInput)
        {
            return;
        }
        int n = InputShape.Size, m = OutputShape.Size;
        for (var b = 0; b < Batch; b++)
        {
            MapKernels.UpsampleNearestAdjoint(gradOutput.Slice(b * m, m), InputShape.C, InputShape.H, InputShape.W, Spec.Scale, gradInput.Slice(b * n, n));
        }
    }
}
