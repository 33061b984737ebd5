using System.Numerics.Tensors;
using Edge.Runtime.Specs;

namespace Edge.Runtime.Layers;

/// <summary>The element-wise sum of inputs of one shape: a residual skip.</summary>
public sealed class Add : MergeLayer
{
    internal Add(LayerSpec spec, int index, TensorShape[] inputs, TensorShape output, BuildContext ctx)
        : base(spec, index, inputs, output, ctx)
    {
    }

    /// <inheritdoc />
    public override void Forward(ReadOnlySpan<float> input, bool training)
    {
        var n = Output.Length;
        TensorPrimitives.Add(Inputs[0].AsSpan(0, n), Inputs[1].AsSpan(0, n), Output);
        for (var k = 2; k < Inputs.Count; k++)
        {
            TensorPrimitives.Add(Output, Inputs[k].AsSpan(0, n), Output);
        }
    }

    /// <inheritdoc />
    public override void BackwardTo(int input, ReadOnlySpan<float> gradOutput, Span<float> gradInput) =>
        gradOutput[..Output.Length].CopyTo(gradInput);
}
