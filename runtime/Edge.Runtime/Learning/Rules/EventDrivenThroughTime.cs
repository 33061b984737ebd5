using System.Numerics.Tensors;
using Edge.Runtime.Kernels;
using Edge.Runtime.Layers;
using Edge.Runtime.Memory;

namespace Edge.Runtime.Learning.Rules;

/// <summary>
/// The spike-event backward of Zhu et al. 2022 (official <c>neuron_backward_py</c> and the
/// conv/linear backward; learning-rules.md §4.2) on a <see cref="DualExpLayer"/>. Gradients exist
/// only at spikes: a spike at t_m takes ∂loss/∂s[t_m]·∂t/∂u with ∂t/∂u ≈ clamp(−1/Δu[t_m], −4, 0),
/// and hands it to every step t in (previous spike, t_m] through the PSP kernel κ(t_m − t):
/// <code>
/// ΔW_eff += x[t] ⊗ (∂loss/∂t_m·∂t/∂u·κ(t_m − t))      (bias: the same with x = 1)
/// ∂loss/∂x[t] = 0.85 · x[t] ⊙ ((∂loss/∂t_m·clamp(−1/Δu_t[t_m], −max, 0)·(−(1 − 1/τ_grad)^(t_m − t + 1))) ⋆ W_effᵀ)
/// </code>
/// Walking the window backwards, each neuron carries the factor of its next spike and the distance
/// to it. The gradients passed between these layers are spike-time gradients ∂loss/∂t; the top one
/// receives ∂loss/∂s from the readout and turns it into ∂loss/∂t = −∂loss/∂s (a spike earlier
/// adds to the output, as the official count loss's <c>loss_reverse</c> sign does). Keeps, per
/// step of the window, the layer's input, its spikes, Δu and Δu_t.
/// </summary>
internal sealed class EventDrivenThroughTime : LayerLearning
{
    private const float MaxSpikeTimeGain = 4f;

    private readonly DualExpLayer _layer;
    private readonly StepHistory _inputs;
    private readonly StepHistory _spikes;
    private readonly StepHistory _deltaU;
    private readonly StepHistory _deltaUt;
    private readonly float[] _weightFactor;
    private readonly float[] _inputFactor;
    private readonly int[] _sinceSpike;
    private readonly float[] _weightGrad;
    private readonly float[] _inputGrad;
    private readonly float[] _kernel;
    private readonly float[] _gradientKernel;
    private readonly float _maxDuDtInverse;
    private readonly float _inputGradScale;
    private readonly float _outputSign;

    public EventDrivenThroughTime(DualExpLayer layer, int slots, RuleOptions options, bool receivesSpikeGradient, MemoryLedger ledger)
        : base(layer)
    {
        _layer = layer;
        _outputSign = receivesSpikeGradient ? -1f : 1f;
        var n = layer.Batch * layer.OutputShape.Size;
        _inputs = new StepHistory(slots, layer.Batch * layer.InputShape.Size, ledger);
        _spikes = new StepHistory(slots, n, ledger);
        _deltaU = new StepHistory(slots, n, ledger);
        _deltaUt = new StepHistory(slots, n, ledger);
        _weightFactor = ledger.Floats(MemoryCategory.Scratch, n);
        _inputFactor = ledger.Floats(MemoryCategory.Scratch, n);
        _sinceSpike = ledger.Ints(MemoryCategory.Scratch, n);
        _weightGrad = ledger.Floats(MemoryCategory.Scratch, n);
        _inputGrad = ledger.Floats(MemoryCategory.Scratch, n);
        _kernel = ledger.Floats(MemoryCategory.Scratch, slots + 1);
        _gradientKernel = ledger.Floats(MemoryCategory.Scratch, slots + 1);
        for (var k = 0; k <= slots; k++)
        {
            _kernel[k] = layer.Neurons.Kernel(k);
            _gradientKernel[k] = -layer.Neurons.GradientKernel(k);
        }
        _maxDuDtInverse = options.EventMaxDuDtInverse;
        _inputGradScale = options.EventInputGradScale;
    }

    /// <summary>The layer's input recorded in slot <paramref name="slot"/>.</summary>
    public ReadOnlySpan<float> Input(int slot) => _inputs[slot];

    public override void AfterForward(int slot, ReadOnlySpan<float> input)
    {
        _inputs.Record(slot, input);
        _spikes.Record(slot, _layer.Output);
        _deltaU.Record(slot, _layer.Neurons.DeltaU);
        _deltaUt.Record(slot, _layer.Neurons.DeltaUt);
    }

    public override void BeginBackward()
    {
        Array.Clear(_weightFactor);
        Array.Clear(_inputFactor);
        // −1: no spike later in the window yet, so nothing to hand back.
        Array.Fill(_sinceSpike, -1);
    }

    public override void Backward(int slot, ReadOnlySpan<float> gradOutput, Span<float> gradInput, bool needGradInput)
    {
        ReadOnlySpan<float> spikes = _spikes[slot];
        ReadOnlySpan<float> du = _deltaU[slot];
        ReadOnlySpan<float> dut = _deltaUt[slot];
        for (var i = 0; i < spikes.Length; i++)
        {
            if (spikes[i] != 0f)
            {
                var g = _outputSign * gradOutput[i];
                _weightFactor[i] = g * Math.Clamp(-1f / du[i], -MaxSpikeTimeGain, 0f);
                _inputFactor[i] = g * Math.Clamp(-1f / dut[i], -_maxDuDtInverse, 0f);
                _sinceSpike[i] = 0;
            }
            else if (_sinceSpike[i] >= 0)
            {
                _sinceSpike[i]++;
            }
            var k = _sinceSpike[i];
            _weightGrad[i] = k < 0 ? 0f : _weightFactor[i] * _kernel[k];
            _inputGrad[i] = k < 0 ? 0f : _inputFactor[i] * _gradientKernel[k];
        }
        ReadOnlySpan<float> x = _inputs[slot];
        _layer.SynapseBackward(x, _weightGrad, [], needGradInput: false);
        if (needGradInput)
        {
            var n = x.Length;
            SynapseBackprop.InputGradient(_layer.Geometry, _layer.Synapse, Layer.Batch, _inputGrad, gradInput);
            TensorPrimitives.Multiply(gradInput[..n], x, gradInput);
            TensorPrimitives.Multiply(gradInput[..n], _inputGradScale, gradInput);
        }
    }

    public override MacCounts BackwardMacs(bool needGradInput) => SynapseMacs(_layer.Geometry, needGradInput);
}
