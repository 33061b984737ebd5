using System.Numerics.Tensors;
using Edge.Runtime.Kernels;
using Edge.Runtime.Layers;
using Edge.Runtime.Learning.Rules;
using Edge.Runtime.Memory;
using Edge.Runtime.Parallel;

namespace Edge.Runtime.Learning.Stllr;

/// <summary>
/// S-TLLR on one LIF layer (learning-rules.md §1.4 and §1.8; golden/README.md §3). After every
/// forward step it updates the presynaptic trace trx ← λ_pre·trx + x[t] (a recurrent layer also the
/// trace trs of its own spikes); at a step with learning signal L = ∂loss/∂s[t]:
/// <code>
/// g          = L ⊙ Ψ
/// ΔW_eff     += α_post·corr(L ⊙ trΨ[t−1], x[t]) + α_pre·corr(g, trx[t])
/// ΔW_rec_eff += α_post·(L ⊙ trΨ[t−1]) ⊗ s[t−1] + α_pre·g ⊗ trs[t−1]      (recurrent layers)
/// Δb         += Σ g
/// L_in        = g ⋆ W_effᵀ                                               (only when asked)
/// </code>
/// The weight gradients are one method over a range of weight rows: one thread does all rows; with
/// the network's worker pool each worker does its share (and its block of L_in). Every element is
/// accumulated in the same order either way, so the results are bit-identical.
/// </summary>
internal sealed class LifStllr : LayerLearning, IStepJob
{
    private readonly LifLayer _lif;
    private readonly LifRecurrent? _recurrent;
    private readonly StepWorkers? _workers;
    private readonly float[] _input;
    private readonly float _lambdaPre;
    private readonly float _alphaPre;
    private readonly float _alphaPost;
    private readonly float[] _signal;
    private readonly float[] _nonCausal;
    private readonly float[]? _workersGradInput;
    private readonly bool[] _sparseInput;
    private readonly bool[] _sparseTrace;
    private readonly bool[] _sparseSpikes;
    private readonly bool[] _sparseRecurrentTrace;
    private bool _workersPassDown;

    /// <summary>Builds the traces and learning buffers of <paramref name="layer"/>, layer <c>layer.Index</c> of <paramref name="network"/>.</summary>
    public LifStllr(LifLayer layer, Network network)
        : base(layer)
    {
        _lif = layer;
        _recurrent = layer as LifRecurrent;
        _input = network.InputBuffer(layer.Index);
        var factors = layer.Spec.Factors;
        _lambdaPre = factors.LambdaPre;
        _alphaPre = factors.AlphaPre;
        _alphaPost = factors.AlphaPost;
        var ledger = network.Ledger;
        var batch = layer.Batch;
        var n = batch * layer.OutputShape.Size;
        TracePre = ledger.Floats(MemoryCategory.TemporalState, batch * layer.InputShape.Size);
        _signal = ledger.Floats(MemoryCategory.Scratch, n);
        _nonCausal = ledger.Floats(MemoryCategory.Scratch, n);
        if (_recurrent is not null)
        {
            TraceRecurrent = ledger.Floats(MemoryCategory.TemporalState, n);
            TraceRecurrentPrevious = ledger.Floats(MemoryCategory.StepCache, n);
        }
        if (network.Workers is { Threads: > 1 } workers)
        {
            _workers = workers;
            if (layer.Synapse.EffectiveTransposed is not null)
            {
                _workersGradInput = ledger.Floats(MemoryCategory.Scratch, batch * layer.InputShape.Size);
            }
        }
        _sparseInput = new bool[batch];
        _sparseTrace = new bool[batch];
        _sparseSpikes = new bool[batch];
        _sparseRecurrentTrace = new bool[batch];
    }

    /// <summary>Presynaptic trace trx of the layer's input after the last step (includes x[t]).</summary>
    public float[] TracePre { get; }

    /// <summary>Trace of the recurrent layer's own spikes after the last step (includes s[t]); null for feed-forward layers.</summary>
    public float[]? TraceRecurrent { get; }

    /// <summary>The recurrent trace before the last step (pairs with its input s[t−1]); null for feed-forward layers.</summary>
    public float[]? TraceRecurrentPrevious { get; }

    public override void ResetSample()
    {
        Array.Clear(TracePre);
        if (TraceRecurrent is not null)
        {
            Array.Clear(TraceRecurrent);
        }
    }

    public override void AfterForward(int slot, ReadOnlySpan<float> input)
    {
        TensorPrimitives.MultiplyAdd(TracePre, _lambdaPre, input[..TracePre.Length], TracePre);
        if (TraceRecurrent is not null)
        {
            TraceRecurrent.AsSpan().CopyTo(TraceRecurrentPrevious);
            var spikes = _lif.Output;
            for (var i = 0; i < TraceRecurrent.Length; i++)
            {
                TraceRecurrent[i] = (_lambdaPre * TraceRecurrent[i]) + spikes[i];
            }
        }
    }

    public override void Backward(int slot, ReadOnlySpan<float> gradOutput, Span<float> gradInput, bool needGradInput)
    {
        var geometry = _lif.Geometry;
        var n = _signal.Length;
        var l = gradOutput[..n];
        TensorPrimitives.Multiply(l, _lif.Neurons.Psi.AsSpan(0, n), _signal);
        TensorPrimitives.Multiply(l, _lif.Neurons.TracePostPrevious.AsSpan(0, n), _nonCausal);
        PickPaths();
        var recurrentRows = _recurrent?.Recurrent.Geometry.Rows ?? 0;
        if (_workers is null)
        {
            AccumulateWeightRows(0, geometry.Rows, 0, recurrentRows);
        }
        else
        {
            _workersPassDown = needGradInput && _workersGradInput is not null;
            _workers.Run(this);
        }

        var outSize = geometry.OutSize;
        if (_lif.Bias?.Grad is { } db)
        {
            for (var b = 0; b < Layer.Batch; b++)
            {
                Simd.AddRows(_signal.AsSpan(b * outSize, outSize), geometry.OutChannels, db);
            }
        }
        if (!needGradInput)
        {
            return;
        }
        if (_workersPassDown)
        {
            MacCounter.AddSignal(Layer.Batch * geometry.DenseMacs);
            _workersGradInput.AsSpan(0, Layer.Batch * geometry.InSize).CopyTo(gradInput);
        }
        else
        {
            SynapseBackprop.InputGradient(geometry, _lif.Synapse, Layer.Batch, _signal, gradInput);
        }
    }

    /// <summary>One worker's share: its weight rows and, when the workers pass the signal down, its block of L_in.</summary>
    public void Execute(int part, int parts)
    {
        var (rowFrom, rowTo) = StepWorkers.Range(_lif.Geometry.Rows, part, parts);
        var (recurrentFrom, recurrentTo) = StepWorkers.Range(_recurrent?.Recurrent.Geometry.Rows ?? 0, part, parts);
        AccumulateWeightRows(rowFrom, rowTo, recurrentFrom, recurrentTo);
        if (_workersPassDown)
        {
            var geometry = _lif.Geometry;
            int inSize = geometry.InSize, outSize = geometry.OutSize;
            var cut = SynapsePart.Split(geometry.InHeight, geometry.InChannels, part, parts);
            for (var b = 0; b < Layer.Batch; b++)
            {
                SynapseKernels.InputGradTransposed(geometry, _signal.AsSpan(b * outSize, outSize), _lif.Synapse.EffectiveTransposed,
                    _workersGradInput.AsSpan(b * inSize, inSize), cut);
            }
        }
    }

    /// <summary>
    /// Decides once per sample and product whether its input takes the sparse (scatter) or the dense
    /// path of the weight gradient, and counts the products' MACs (the row-range kernels do not).
    /// </summary>
    private void PickPaths()
    {
        var geometry = _lif.Geometry;
        var inSize = geometry.InSize;
        var recurrent = _recurrent?.Recurrent.Geometry;
        var terms = (_alphaPost != 0f ? 1 : 0) + (_alphaPre != 0f ? 1 : 0);
        for (var b = 0; b < Layer.Batch; b++)
        {
            _sparseInput[b] = _alphaPost != 0f && SynapseKernels.IsSparse(geometry, _input.AsSpan(b * inSize, inSize));
            _sparseTrace[b] = _alphaPre != 0f && SynapseKernels.IsSparse(geometry, TracePre.AsSpan(b * inSize, inSize));
            MacCounter.AddUpdate(terms * geometry.DenseMacs);
            if (recurrent is { } r)
            {
                var size = r.InSize;
                _sparseSpikes[b] = _alphaPost != 0f && SynapseKernels.IsSparse(r, _recurrent!.PreviousSpikes.AsSpan(b * size, size));
                _sparseRecurrentTrace[b] = _alphaPre != 0f && SynapseKernels.IsSparse(r, TraceRecurrentPrevious.AsSpan(b * size, size));
                MacCounter.AddUpdate(terms * r.DenseMacs);
            }
        }
    }

    /// <summary>
    /// ΔW_eff rows [<paramref name="rowFrom"/>, <paramref name="rowTo"/>) and ΔW_rec_eff rows
    /// [<paramref name="recurrentFrom"/>, <paramref name="recurrentTo"/>) of this step, every sample in order.
    /// </summary>
    private void AccumulateWeightRows(int rowFrom, int rowTo, int recurrentFrom, int recurrentTo)
    {
        var geometry = _lif.Geometry;
        int inSize = geometry.InSize, outSize = geometry.OutSize;
        var dW = _lif.Synapse.EffectiveGrad!;
        for (var b = 0; b < Layer.Batch; b++)
        {
            var g = _signal.AsSpan(b * outSize, outSize);
            var nonCausal = _nonCausal.AsSpan(b * outSize, outSize);
            if (_alphaPost != 0f)
            {
                SynapseKernels.AccumulateWeightGrad(geometry, _input.AsSpan(b * inSize, inSize), nonCausal, _alphaPost, dW, _sparseInput[b], rowFrom, rowTo);
            }
            if (_alphaPre != 0f)
            {
                SynapseKernels.AccumulateWeightGrad(geometry, TracePre.AsSpan(b * inSize, inSize), g, _alphaPre, dW, _sparseTrace[b], rowFrom, rowTo);
            }
            if (_recurrent is not null && recurrentFrom < recurrentTo)
            {
                var recurrent = _recurrent.Recurrent;
                var r = recurrent.Geometry;
                var size = r.InSize;
                if (_alphaPost != 0f)
                {
                    SynapseKernels.AccumulateWeightGrad(r, _recurrent.PreviousSpikes.AsSpan(b * size, size), nonCausal, _alphaPost, recurrent.EffectiveGrad!,
                        _sparseSpikes[b], recurrentFrom, recurrentTo);
                }
                if (_alphaPre != 0f)
                {
                    SynapseKernels.AccumulateWeightGrad(r, TraceRecurrentPrevious.AsSpan(b * size, size), g, _alphaPre, recurrent.EffectiveGrad!,
                        _sparseRecurrentTrace[b], recurrentFrom, recurrentTo);
                }
            }
        }
    }
}
