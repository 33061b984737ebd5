using Edge.Runtime.Layers;

namespace Edge.Runtime.Learning.Rules;

/// <summary>
/// Layers whose backward needs nothing from the step but its gradient: average and global pools,
/// flatten, dropout (its mask is fixed for the sample) — and, for the same-step rules, a max pool,
/// whose own index cache still holds the step being learned.
/// </summary>
internal sealed class StatelessLearning(Layer layer) : LayerLearning(layer)
{
    public override void Backward(int slot, ReadOnlySpan<float> gradOutput, Span<float> gradInput, bool needGradInput) =>
        Layer.Backward([], gradOutput, gradInput, needGradInput);
}
