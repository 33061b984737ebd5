using Edge.Runtime.Kernels;
using Edge.Runtime.Layers;
using Edge.Runtime.Memory;

namespace Edge.Runtime.Learning.Rules;

/// <summary>
/// A readout backpropagated through time. The linear readout is stateless: its step backward
/// needs the step's input. The integrating readouts u[t] = γ·u[t−1] + W ⋆ h[t] + b (leaky, flow)
/// carry their gradient back in time, as the official SHD baseline's accumulating <c>BPTTLIF</c> does:
/// δ[t] = ∂loss/∂z[t] + γ·δ[t+1]; ΔW += h[t] ⋆ δ[t]; ∂loss/∂h[t] = δ[t] ⋆ Wᵀ.
/// </summary>
internal sealed class ReadoutThroughTime : LayerLearning
{
    private readonly StepHistory _inputs;
    private readonly IIntegratingReadout? _leaky;
    private readonly float[]? _carry;
    private readonly ConvGeometry _geometry;

    public ReadoutThroughTime(Layer readout, int slots, MemoryLedger ledger)
        : base(readout)
    {
        _inputs = new StepHistory(slots, readout.Batch * readout.InputShape.Size, ledger);
        _leaky = readout as IIntegratingReadout;
        _geometry = _leaky?.Geometry ?? ConvGeometry.Linear(readout.Spec.In, readout.Spec.Out);
        if (_leaky is not null)
        {
            _carry = ledger.Floats(MemoryCategory.Scratch, readout.Batch * readout.OutputShape.Size);
        }
    }

    public override void AfterForward(int slot, ReadOnlySpan<float> input) => _inputs.Record(slot, input);

    public override void BeginBackward()
    {
        if (_carry is not null)
        {
            Array.Clear(_carry);
        }
    }

    public override void Backward(int slot, ReadOnlySpan<float> gradOutput, Span<float> gradInput, bool needGradInput)
    {
        if (_leaky is null)
        {
            Layer.Backward(_inputs[slot], gradOutput, gradInput, needGradInput);
            return;
        }
        var carry = _carry!.AsSpan();
        var gamma = _leaky.Decay;
        for (var i = 0; i < carry.Length; i++)
        {
            carry[i] = gradOutput[i] + (gamma * carry[i]);
        }
        SynapseBackprop.Accumulate(_geometry, _leaky.Weights, _leaky.Bias, Layer.Batch, _inputs[slot], carry, gradInput, needGradInput);
    }

    public override MacCounts BackwardMacs(bool needGradInput) => SynapseMacs(_geometry, needGradInput);
}
