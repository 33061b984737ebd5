using Edge.Runtime.Layers;
using Edge.Runtime.Memory;

namespace Edge.Runtime.Learning.Rules;

/// <summary>
/// A max pool backpropagated through time: its input is kept for every step of the window and the
/// routing of each step is recomputed from it with the forward's tie rule (the first maximum in
/// row-major order inside the window; an all-zero window routes to its top-left element).
/// </summary>
internal sealed class MaxPoolThroughTime : LayerLearning
{
    private readonly StepHistory _inputs;

    public MaxPoolThroughTime(MaxPool2d layer, int slots, MemoryLedger ledger)
        : base(layer)
    {
        _inputs = new StepHistory(slots, layer.Batch * layer.InputShape.Size, ledger);
    }

    public override void AfterForward(int slot, ReadOnlySpan<float> input) => _inputs.Record(slot, input);

    public override void Backward(int slot, ReadOnlySpan<float> gradOutput, Span<float> gradInput, bool needGradInput)
    {
        if (!needGradInput)
        {
            return;
        }
        var layer = Layer;
        int c = layer.InputShape.C, w = layer.InputShape.W, ho = layer.OutputShape.H, wo = layer.OutputShape.W;
        int k = layer.Spec.Kernel, s = layer.Spec.Stride, inSize = layer.InputShape.Size, outSize = layer.OutputShape.Size;
        ReadOnlySpan<float> x = _inputs[slot];
        gradInput[..(layer.Batch * inSize)].Clear();
        for (var b = 0; b < layer.Batch; b++)
        {
            var inBase = b * inSize;
            var outBase = b * outSize;
            for (var y = 0; y < ho; y++)
            {
                for (var xo = 0; xo < wo; xo++)
                {
                    var o = outBase + (((y * wo) + xo) * c);
                    for (var ch = 0; ch < c; ch++)
                    {
                        var g = gradOutput[o + ch];
                        if (g == 0f)
                        {
                            continue;
                        }
                        var bestAt = inBase + ((((y * s) * w) + (xo * s)) * c) + ch;
                        var best = x[bestAt];
                        for (var ky = 0; ky < k; ky++)
                        {
                            for (var kx = 0; kx < k; kx++)
                            {
                                var at = inBase + ((((((y * s) + ky) * w) + (xo * s) + kx) * c) + ch);
                                if (x[at] > best)
                                {
                                    best = x[at];
                                    bestAt = at;
                                }
                            }
                        }
                        gradInput[bestAt] += g;
                    }
                }
            }
        }
    }
}
