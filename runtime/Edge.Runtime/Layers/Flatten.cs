using Edge.Runtime.Kernels;
using Edge.Runtime.Specs;

namespace Edge.Runtime.Layers;

/// <summary>
/// [C, H, W] → [C·H·W] in PyTorch's row-major order (channel-major), so that the following dense
/// layer's weights mean what they mean in the official code; maps are channels-last inside, so
/// this is a permutation.
/// </summary>
public sealed class Flatten : Layer
{
    internal Flatten(LayerSpec spec, int index, TensorShape input, TensorShape output, BuildContext ctx)
        : base(spec, index, input, output, ctx)
    {
    }

    /// <inheritdoc />
    public override void Forward(ReadOnlySpan<float> input, bool training)
    {
        var n = InputShape.Size;
        for (var b = 0; b < Batch; b++)
        {
            Permute(input.Slice(b * n, n), Output.AsSpan(b * n, n), toChannelMajor: true);
        }
    }

    /// <inheritdoc />
    public override void Backward(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradInput, bool needGradInput)
    {
        if (!needGradInput)
        {
            return;
        }
        var n = InputShape.Size;
        for (var b = 0; b < Batch; b++)
        {
            Permute(gradOutput.Slice(b * n, n), gradInput.Slice(b * n, n), toChannelMajor: false);
        }
    }

    private void Permute(ReadOnlySpan<float> from, Span<float> to, bool toChannelMajor)
    {
        if (!InputShape.IsMap)
        {
            from.CopyTo(to);
        }
        else if (toChannelMajor)
        {
            Layout.HwcToChw(from, InputShape.C, InputShape.H * InputShape.W, to);
        }
        else
        {
            Layout.ChwToHwc(from, InputShape.C, InputShape.H * InputShape.W, to);
        }
    }
}
