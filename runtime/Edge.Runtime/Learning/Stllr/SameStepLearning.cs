using Edge.Runtime.Layers;
using Edge.Runtime.Learning.Rules;

namespace Edge.Runtime.Learning.Stllr;

/// <summary>
/// A layer S-TLLR learns or passes the signal through with the layer's own same-step
/// <see cref="Layer.Backward"/> and this step's input: readouts, pools, dropout, flatten.
/// </summary>
internal sealed class SameStepLearning(Layer layer, Network network) : LayerLearning(layer)
{
    public override void Backward(int slot, ReadOnlySpan<float> gradOutput, Span<float> gradInput, bool needGradInput) =>
        Layer.Backward(network.InputOf(Layer.Index), gradOutput, gradInput, needGradInput);
}
