using Edge.Runtime.Kernels;
using Edge.Runtime.Layers;
using Edge.Runtime.Memory;
using Edge.Runtime.Specs;

namespace Edge.Runtime.Learning.Rules;

/// <summary>
/// A LIF layer backpropagated through time with the official BPTT baselines' semantics
/// (<c>BPTTLIF</c>: the spike's surrogate derivative is Ψ(u − θ), the reset is detached):
/// <code>
/// δ[t]   = ∂loss/∂s[t]·Ψ(u[t] − θ) + γ·r[t]·δ[t+1]      r = 1 (soft reset) or 1 − s[t] (hard reset)
/// ΔW_eff += x[t] ⋆ δ[t]      Δb += Σ δ[t]      ∂loss/∂x[t] = δ[t] ⋆ W_effᵀ
/// </code>
/// A recurrent layer also gets ΔW_rec += s[t−1] ⊗ δ[t], and ∂loss/∂s[t−1] += δ[t]·W_rec (the
/// official SHD baseline does not detach its recurrent input). Keeps, per step of the window, the
/// layer's input, its pre-reset membrane and (recurrent) the previous spikes.
/// </summary>
internal sealed class LifThroughTime : LayerLearning
{
    private readonly LifLayer _lif;
    private readonly LifRecurrent? _recurrent;
    private readonly StepHistory _inputs;
    private readonly StepHistory _membranes;
    private readonly StepHistory? _previousSpikes;
    private readonly float[] _carry;
    private readonly float[] _psi;
    private readonly float[]? _recurrentGrad;

    public LifThroughTime(LifLayer layer, int slots, MemoryLedger ledger)
        : base(layer)
    {
        _lif = layer;
        _recurrent = layer as LifRecurrent;
        var n = layer.Batch * layer.OutputShape.Size;
        _inputs = new StepHistory(slots, layer.Batch * layer.InputShape.Size, ledger);
        _membranes = new StepHistory(slots, n, ledger);
        _carry = ledger.Floats(MemoryCategory.Scratch, n);
        _psi = ledger.Floats(MemoryCategory.Scratch, n);
        if (_recurrent is not null)
        {
            _previousSpikes = new StepHistory(slots, n, ledger);
            _recurrentGrad = ledger.Floats(MemoryCategory.Scratch, n);
        }
    }

    public override void AfterForward(int slot, ReadOnlySpan<float> input)
    {
        _inputs.Record(slot, input);
        _membranes.Record(slot, _lif.Neurons.PreResetMembrane);
        if (_recurrent is not null)
        {
            _previousSpikes!.Record(slot, _recurrent.PreviousSpikes);
        }
    }

    public override void BeginBackward()
    {
        Array.Clear(_carry);
        if (_recurrentGrad is not null)
        {
            Array.Clear(_recurrentGrad);
        }
    }

    public override void Backward(int slot, ReadOnlySpan<float> gradOutput, Span<float> gradInput, bool needGradInput)
    {
        var spec = _lif.Spec;
        var theta = spec.Threshold;
        var gamma = spec.Decay;
        var hard = spec.Reset == ResetMode.Hard;
        ReadOnlySpan<float> u = _membranes[slot];
        var psi = _psi.AsSpan();
        var carry = _carry.AsSpan();
        for (var i = 0; i < psi.Length; i++)
        {
            psi[i] = u[i] - theta;
        }
        Psi.EvaluateInPlace(spec.Psi, psi);
        for (var i = 0; i < carry.Length; i++)
        {
            var grad = _recurrentGrad is null ? gradOutput[i] : gradOutput[i] + _recurrentGrad[i];
            var keep = hard && u[i] - theta > 0f ? 0f : 1f;
            carry[i] = (grad * psi[i]) + (gamma * keep * carry[i]);
        }
        SynapseBackprop.Accumulate(_lif.Geometry, _lif.Synapse, _lif.Bias, Layer.Batch, _inputs[slot], carry, gradInput, needGradInput);
        if (_recurrent is not null)
        {
            // ∂loss/∂s[t−1], added to the previous step's output gradient.
            SynapseBackprop.Accumulate(_recurrent.Recurrent.Geometry, _recurrent.Recurrent, null, Layer.Batch,
                _previousSpikes![slot], carry, _recurrentGrad, needGradInput: true);
        }
    }

    public override MacCounts BackwardMacs(bool needGradInput)
    {
        var macs = SynapseMacs(_lif.Geometry, needGradInput);
        return _recurrent is null ? macs : macs + SynapseMacs(_recurrent.Recurrent.Geometry, needGradInput: true);
    }
}
