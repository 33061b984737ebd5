using System.Numerics.Tensors;
using Edge.Runtime.Kernels;
using Edge.Runtime.Layers;
using Edge.Runtime.Memory;

namespace Edge.Runtime.Learning.Rules;

/// <summary>
/// A readout learned online from the loss of each step. The linear readout's gradient is exact
/// from the step's input. The leaky readout u[t] = γ·u[t−1] + W·h[t] + b is linear in W, so its
/// exact gradient uses the trace h̃[t] = γ·h̃[t−1] + h[t] (with the readout's own γ):
/// ΔW += h̃[t] ⊗ ∂loss/∂z[t]; the signal passed to the hidden layers is ∂loss/∂z[t]·W.
/// </summary>
internal sealed class ReadoutEligibility : LayerLearning
{
    private readonly ReadoutLeaky? _leaky;
    private readonly float[] _trace;
    private readonly SynapseWeights _weights;
    private readonly Parameter? _bias;
    private readonly ConvGeometry _geometry;

    public ReadoutEligibility(Layer readout, MemoryLedger ledger)
        : base(readout)
    {
        _geometry = ConvGeometry.Linear(readout.Spec.In, readout.Spec.Out);
        _leaky = readout as ReadoutLeaky;
        (_weights, _bias) = readout switch
        {
            ReadoutLeaky leaky => (leaky.Weights, leaky.Bias),
            ReadoutLinear linear => (linear.Weights, linear.Bias),
            _ => throw new ArgumentException("not a readout", nameof(readout)),
        };
        // The linear readout's "trace" is just the step's input.
        _trace = ledger.Floats(_leaky is null ? MemoryCategory.StepCache : MemoryCategory.TemporalState, readout.Batch * readout.Spec.In);
    }

    public override void ResetSample() => Array.Clear(_trace);

    public override void AfterForward(int slot, ReadOnlySpan<float> input)
    {
        var x = input[.._trace.Length];
        if (_leaky is null)
        {
            x.CopyTo(_trace);
        }
        else
        {
            TensorPrimitives.MultiplyAdd(_trace, _leaky.Spec.Decay, x, _trace);
        }
    }

    public override void Backward(int slot, ReadOnlySpan<float> gradOutput, Span<float> gradInput, bool needGradInput)
    {
        SynapseBackprop.Accumulate(_geometry, _weights, _bias, Layer.Batch, _trace, gradOutput, gradInput, needGradInput);
    }

    public override MacCounts BackwardMacs(bool needGradInput) => SynapseMacs(_geometry, needGradInput);
}
