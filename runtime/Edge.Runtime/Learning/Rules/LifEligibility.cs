using System.Numerics.Tensors;
using Edge.Runtime.Kernels;
using Edge.Runtime.Layers;
using Edge.Runtime.Memory;
using Edge.Runtime.Specs;

namespace Edge.Runtime.Learning.Rules;

/// <summary>
/// A LIF layer learned online from a presynaptic eligibility trace (OTTT, e-prop for LIF):
/// <code>
/// â[t]   = γ·â[t−1] + x[t]                  (γ = the layer's own decay; recurrent: + s[t−1])
/// g      = ∂loss/∂s[t] ⊙ Ψ(u[t] − θ)          (the instantaneous surrogate backward)
/// ΔW_eff += â[t] ⊗ g      Δb += Σ g      ∂loss/∂x[t] = g ⋆ W_effᵀ
/// </code>
/// This is OTTT's gradient (Xiao et al. 2022) and LIF e-prop's with a stateless readout (Bellec et
/// al. 2020: e = ψ·ε̄, ε̄ the filtered presynaptic spikes). With a leaky readout e-prop filters the
/// eligibility with the readout's decay κ, ē[t] = κ·ē[t−1] + (1−κ)·â[t] ⊗ Ψ[t], which no longer
/// factorizes: one value per synapse and sample, so dense layers only. Keeps â (and ē).
/// </summary>
internal sealed class LifEligibility : LayerLearning
{
    private readonly LifLayer _lif;
    private readonly LifRecurrent? _recurrent;
    private readonly float[] _trace;
    private readonly float[]? _recurrentTrace;
    private readonly float[] _signal;
    private readonly float _kappa;
    private readonly Eligibility? _filtered;
    private readonly Eligibility? _filteredRecurrent;
    private readonly float[]? _filteredBias;

    public LifEligibility(LifLayer layer, float kappa, MemoryLedger ledger)
        : base(layer)
    {
        _lif = layer;
        _recurrent = layer as LifRecurrent;
        _kappa = kappa;
        var batch = layer.Batch;
        var n = batch * layer.OutputShape.Size;
        _trace = ledger.Floats(MemoryCategory.TemporalState, batch * layer.InputShape.Size);
        _signal = ledger.Floats(MemoryCategory.Scratch, n);
        if (_recurrent is not null)
        {
            _recurrentTrace = ledger.Floats(MemoryCategory.TemporalState, n);
        }
        if (kappa > 0f)
        {
            if (layer.Geometry.Kernel != 1 || layer.Geometry.InHeight != 1)
            {
                throw new SpecException($"$.layers[{layer.Index}]",
                    "e-prop with a leaky readout keeps one eligibility value per synapse and sample; that is only supported for dense layers (set rule_options.kappa to 0 or use a stateless readout)");
            }
            _filtered = new Eligibility(layer.Geometry, batch, ledger);
            _filteredBias = layer.Bias is null ? null : ledger.Floats(MemoryCategory.TemporalState, n);
            if (_recurrent is not null)
            {
                _filteredRecurrent = new Eligibility(_recurrent.Recurrent.Geometry, batch, ledger);
            }
        }
    }

    public override void ResetSample()
    {
        Array.Clear(_trace);
        if (_recurrentTrace is not null)
        {
            Array.Clear(_recurrentTrace);
        }
        _filtered?.Clear();
        _filteredRecurrent?.Clear();
        if (_filteredBias is not null)
        {
            Array.Clear(_filteredBias);
        }
    }

    public override void AfterForward(int slot, ReadOnlySpan<float> input)
    {
        var gamma = _lif.Spec.Decay;
        TensorPrimitives.MultiplyAdd(_trace, gamma, input[.._trace.Length], _trace);
        if (_recurrentTrace is not null)
        {
            // The recurrent input of step t is s[t−1].
            TensorPrimitives.MultiplyAdd(_recurrentTrace, gamma, _recurrent!.PreviousSpikes, _recurrentTrace);
        }
        if (_filtered is not null)
        {
            var psi = _lif.Neurons.Psi.AsSpan(0, _signal.Length);
            _filtered.Update(_kappa, _trace, psi);
            _filteredRecurrent?.Update(_kappa, _recurrentTrace!, psi);
            if (_filteredBias is not null)
            {
                TensorPrimitives.Multiply(_filteredBias, _kappa, _filteredBias);
                TensorPrimitives.MultiplyAdd(psi, 1f - _kappa, _filteredBias, _filteredBias);
            }
        }
    }

    public override void Backward(int slot, ReadOnlySpan<float> gradOutput, Span<float> gradInput, bool needGradInput)
    {
        var g = _signal.AsSpan();
        TensorPrimitives.Multiply(gradOutput[..g.Length], _lif.Neurons.Psi.AsSpan(0, g.Length), g);
        if (_filtered is null)
        {
            SynapseBackprop.Accumulate(_lif.Geometry, _lif.Synapse, _lif.Bias, Layer.Batch, _trace, g, gradInput, needGradInput);
            if (_recurrent is not null)
            {
                SynapseBackprop.Accumulate(_recurrent.Recurrent.Geometry, _recurrent.Recurrent, null, Layer.Batch, _recurrentTrace, g, [], needGradInput: false);
            }
            return;
        }
        var l = gradOutput[..g.Length];
        _filtered.Apply(l, _lif.Synapse.EffectiveGrad!);
        if (_recurrent is not null)
        {
            _filteredRecurrent!.Apply(l, _recurrent.Recurrent.EffectiveGrad!);
        }
        if (_lif.Bias?.Grad is { } db)
        {
            var cout = _lif.Geometry.OutChannels;
            for (var b = 0; b < Layer.Batch; b++)
            {
                var span = l.Slice(b * cout, cout);
                TensorPrimitives.MultiplyAdd(span, _filteredBias.AsSpan(b * cout, cout), db, db);
            }
        }
        if (needGradInput)
        {
            SynapseBackprop.InputGradient(_lif.Geometry, _lif.Synapse, Layer.Batch, g, gradInput);
        }
    }

    public override MacCounts BackwardMacs(bool needGradInput)
    {
        var macs = SynapseMacs(_lif.Geometry, needGradInput);
        return _recurrent is null ? macs : macs + SynapseMacs(_recurrent.Recurrent.Geometry, needGradInput: false);
    }

    /// <summary>MACs of the per-synapse filter after each forward step (e-prop with κ &gt; 0).</summary>
    public MacCounts FilterMacs =>
        _filtered is null ? default : new(0, 0, Layer.Batch * (_lif.Geometry.DenseMacs + (_recurrent?.Recurrent.Geometry.DenseMacs ?? 0)));
}
