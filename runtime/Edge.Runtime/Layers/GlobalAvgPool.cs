using System.Numerics.Tensors;
using Edge.Runtime.Specs;

namespace Edge.Runtime.Layers;

/// <summary>Mean over all H×W positions of each channel: [C, H, W] → [C].</summary>
public sealed class GlobalAvgPool : Layer
{
    internal GlobalAvgPool(LayerSpec spec, int index, TensorShape input, TensorShape output, BuildContext ctx)
        : base(spec, index, input, output, ctx)
    {
    }

    /// <inheritdoc />
    public override void Forward(ReadOnlySpan<float> input, bool training)
    {
        var c = InputShape.C;
        var positions = InputShape.H * InputShape.W;
        var divisor = (float)positions;
        for (var b = 0; b < Batch; b++)
        {
            var o = Output.AsSpan(b * c, c);
            o.Clear();
            var x = input.Slice(b * InputShape.Size, InputShape.Size);
            for (var p = 0; p < positions; p++)
            {
                TensorPrimitives.Add(o, x.Slice(p * c, c), o);
            }
            TensorPrimitives.Divide(o, divisor, o);
        }
    }

    /// <inheritdoc />
    public override void Backward(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradInput, bool needGradInput)
    {
        if (!needGradInput)
        {
            return;
        }
        var c = InputShape.C;
        var positions = InputShape.H * InputShape.W;
        var divisor = (float)positions;
        for (var b = 0; b < Batch; b++)
        {
            var l = gradOutput.Slice(b * c, c);
            var gi = gradInput.Slice(b * InputShape.Size, InputShape.Size);
            TensorPrimitives.Divide(l, divisor, gi[..c]);
            for (var p = 1; p < positions; p++)
            {
                gi[..c].CopyTo(gi.Slice(p * c, c));
            }
        }
    }
}
