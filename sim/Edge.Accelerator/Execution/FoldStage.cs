using Edge.Accelerator.Counting;
using Edge.Accelerator.Mapping;
using Edge.Runtime.Specs;

namespace Edge.Accelerator.Execution;

/// <summary>
/// An average or global-average pool folded into the next layer's synapses: the window's spikes are
/// summed (the next layer's weights carry the 1/k²), so on the chip each source spike simply reaches
/// the pooled position's targets — no neuron, no operation of its own. The learning signal with
/// respect to the sum is the same for every input of the window.
/// </summary>
internal sealed class FoldStage : ChipStage
{
    public FoldStage(LayerMapping layer, TensorShape input, TensorShape output) : base(layer, input, output)
    {
    }

    /// <inheritdoc />
    public override void Forward(ReadOnlySpan<int> input, ChipCounters counters)
    {
        var c = InputShape.C;
        var (kh, kw, sh, sw) = Windows();
        for (var oy = 0; oy < Rows; oy++)
        {
            for (var ox = 0; ox < Columns; ox++)
            {
                var o = Output.AsSpan(((oy * Columns) + ox) * c, c);
                o.Clear();
                for (var ky = 0; ky < kh; ky++)
                {
                    for (var kx = 0; kx < kw; kx++)
                    {
                        var i = ((((oy * sh) + ky) * InputShape.W) + (ox * sw) + kx) * c;
                        for (var ch = 0; ch < c; ch++)
                        {
                            o[ch] += input[i + ch];
                        }
                    }
                }
            }
        }
    }

    /// <inheritdoc />
    public override void Backward(ReadOnlySpan<int> input, ReadOnlySpan<float> gradOutput, Span<float> gradInput, bool needInput, ChipCounters counters)
    {
        if (!needInput)
        {
            return;
        }
        var c = InputShape.C;
        var (kh, kw, sh, sw) = Windows();
        gradInput[..InputShape.Size].Clear();
        for (var oy = 0; oy < Rows; oy++)
        {
            for (var ox = 0; ox < Columns; ox++)
            {
                var l = gradOutput.Slice(((oy * Columns) + ox) * c, c);
                for (var ky = 0; ky < kh; ky++)
                {
                    for (var kx = 0; kx < kw; kx++)
                    {
                        var i = ((((oy * sh) + ky) * InputShape.W) + (ox * sw) + kx) * c;
                        for (var ch = 0; ch < c; ch++)
                        {
                            gradInput[i + ch] += l[ch];
                        }
                    }
                }
            }
        }
    }

    private int Rows => OutputShape.IsMap ? OutputShape.H : 1;

    private int Columns => OutputShape.IsMap ? OutputShape.W : 1;

    /// <summary>Window height, width and strides (the whole map for a global pool).</summary>
    private (int Kh, int Kw, int Sh, int Sw) Windows() =>
        Mapping.Spec.Kind == LayerKind.GlobalAvgPool
            ? (InputShape.H, InputShape.W, InputShape.H, InputShape.W)
            : (Mapping.Spec.Kernel, Mapping.Spec.Kernel, Mapping.Spec.Stride, Mapping.Spec.Stride);
}
