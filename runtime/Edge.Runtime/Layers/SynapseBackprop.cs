using Edge.Runtime.Kernels;

namespace Edge.Runtime.Layers;

/// <summary>
/// The ordinary backward of a synapse for a batch: given ∂loss/∂current δ ([B, outputs]) and the
/// step's input, dW_eff += input ⋆ δ, db += Σ δ, and ∂loss/∂input = δ ⋆ W_effᵀ (with the transposed
/// copy when the synapse keeps one). Used by every rule that backpropagates through a synapse.
/// </summary>
public static class SynapseBackprop
{
    /// <summary>Accumulates the gradients of one step; writes <paramref name="gradInput"/> when <paramref name="needGradInput"/>.</summary>
    public static void Accumulate(in ConvGeometry geometry, SynapseWeights synapse, Parameter? bias, int batch,
        ReadOnlySpan<float> input, ReadOnlySpan<float> delta, Span<float> gradInput, bool needGradInput)
    {
        ArgumentNullException.ThrowIfNull(synapse);
        int inSize = geometry.InSize, outSize = geometry.OutSize, cout = geometry.OutChannels;
        var dW = synapse.EffectiveGrad ?? throw new InvalidOperationException("the layer was built for inference only");
        for (var b = 0; b < batch; b++)
        {
            var d = delta.Slice(b * outSize, outSize);
            SynapseKernels.AccumulateWeightGrad(geometry, input.Slice(b * inSize, inSize), d, 1f, dW);
            if (bias?.Grad is { } db)
            {
                Simd.AddRows(d[..outSize], cout, db);
            }
        }
        if (needGradInput)
        {
            InputGradient(geometry, synapse, batch, delta, gradInput);
        }
    }

    /// <summary>∂loss/∂input = δ ⋆ W_effᵀ for a batch (overwrites <paramref name="gradInput"/>).</summary>
    public static void InputGradient(in ConvGeometry geometry, SynapseWeights synapse, int batch, ReadOnlySpan<float> delta, Span<float> gradInput)
    {
        ArgumentNullException.ThrowIfNull(synapse);
        int inSize = geometry.InSize, outSize = geometry.OutSize;
        for (var b = 0; b < batch; b++)
        {
            var d = delta.Slice(b * outSize, outSize);
            var gin = gradInput.Slice(b * inSize, inSize);
            if (synapse.EffectiveTransposed is { } wt)
            {
                SynapseKernels.InputGradTransposed(geometry, d, wt, gin);
            }
            else
            {
                SynapseKernels.InputGrad(geometry, d, synapse.Effective, gin);
            }
        }
    }
}
