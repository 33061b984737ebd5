using Edge.Runtime.Kernels;
using Edge.Runtime.Specs;

namespace Edge.Runtime.Layers;

/// <summary>The channels of every input, one input after the other (maps of one size, or vectors): a U-Net skip.</summary>
public sealed class Concat : MergeLayer
{
    private readonly int[] _offsets;

    internal Concat(LayerSpec spec, int index, TensorShape[] inputs, TensorShape output, BuildContext ctx)
        : base(spec, index, inputs, output, ctx)
    {
        _offsets = new int[inputs.Length];
        for (var k = 1; k < inputs.Length; k++)
        {
            _offsets[k] = _offsets[k - 1] + inputs[k - 1].C;
        }
    }

    /// <inheritdoc />
    public override void Forward(ReadOnlySpan<float> input, bool training)
    {
        int cells = OutputShape.H * OutputShape.W, m = OutputShape.Size;
        for (var k = 0; k < InputShapes.Count; k++)
        {
            var n = InputShapes[k].Size;
            for (var b = 0; b < Batch; b++)
            {
                MapKernels.PutChannels(Inputs[k].AsSpan(b * n, n), InputShapes[k].C, Output.AsSpan(b * m, m), OutputShape.C, _offsets[k], cells);
            }
        }
    }

    /// <inheritdoc />
    public override void BackwardTo(int input, ReadOnlySpan<float> gradOutput, Span<float> gradInput)
    {
        int cells = OutputShape.H * OutputShape.W, m = OutputShape.Size, n = InputShapes[input].Size;
        for (var b = 0; b < Batch; b++)
        {
            MapKernels.TakeChannels(gradOutput.Slice(b * m, m), OutputShape.C, _offsets[input], gradInput.Slice(b * n, n), InputShapes[input].C, cells);
        }
    }
}
