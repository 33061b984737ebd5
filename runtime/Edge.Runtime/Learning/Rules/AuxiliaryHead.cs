using System.Numerics.Tensors;
using Edge.Runtime.Kernels;
using Edge.Runtime.Layers;
using Edge.Runtime.Memory;

namespace Edge.Runtime.Learning.Rules;

/// <summary>
/// The local classifier that ends a TTL-BPTT block: global average pooling of the block's output
/// (a map; a vector is used as it is) and a linear layer to the classes, trained with the
/// cross-entropy of its logits summed over the window — the same loss the network's own readout
/// gets. The logits are linear in the pooled features, so the window only has to sum the features:
/// z = W·Σ_t f[t] + K·b, and ∂loss/∂f[t] = L·W is the same at every step of the window.
/// (The paper's classifier design is not available; this one is the smallest that fits any block.)
/// </summary>
internal sealed class AuxiliaryHead
{
    private readonly ConvGeometry _geometry;
    private readonly int _batch;
    private readonly int _positions;
    private readonly int _channels;
    private readonly float[] _featureSum;
    private readonly float[] _logits;
    private readonly float[] _featureGrad;
    private readonly float[] _mapGrad;
    private int _steps;

    public AuxiliaryHead(Layer last, int classes, Rng init, MemoryLedger ledger)
    {
        var shape = last.OutputShape;
        _channels = shape.IsMap ? shape.C : shape.Size;
        _positions = shape.IsMap ? shape.H * shape.W : 1;
        _batch = last.Batch;
        _geometry = ConvGeometry.Linear(_channels, classes);
        var weight = new Parameter("aux_weight", [classes, _channels], ledger.Floats(MemoryCategory.Parameters, _geometry.WeightCount),
            ledger.Floats(MemoryCategory.Gradients, _geometry.WeightCount), _geometry);
        var bias = new Parameter("aux_bias", [classes], ledger.Floats(MemoryCategory.Parameters, classes), ledger.Floats(MemoryCategory.Gradients, classes));
        var std = Math.Sqrt(2.0 / _channels); // kaiming_normal_ (fan_in), bias 0, as the readout
        for (var i = 0; i < weight.Value.Length; i++)
        {
            weight.Value[i] = (float)(init.NextNormal() * std);
        }
        Weight = weight;
        Bias = bias;
        _featureSum = ledger.Floats(MemoryCategory.TemporalState, _batch * _channels);
        _logits = ledger.Floats(MemoryCategory.Scratch, _batch * classes);
        _featureGrad = ledger.Floats(MemoryCategory.Scratch, _batch * _channels);
        _mapGrad = ledger.Floats(MemoryCategory.Scratch, _batch * shape.Size);
    }

    public Parameter Weight { get; }

    public Parameter Bias { get; }

    /// <summary>Starts a window.</summary>
    public void Clear()
    {
        Array.Clear(_featureSum);
        _steps = 0;
    }

    /// <summary>Adds the pooled features of this step's block output ([B, H·W·C] channels-last).</summary>
    public void Accumulate(ReadOnlySpan<float> output)
    {
        var size = _positions * _channels;
        var scale = 1f / _positions;
        for (var b = 0; b < _batch; b++)
        {
            var x = output.Slice(b * size, size);
            var f = _featureSum.AsSpan(b * _channels, _channels);
            for (var p = 0; p < _positions; p++)
            {
                TensorPrimitives.MultiplyAdd(x.Slice(p * _channels, _channels), scale, f, f);
            }
        }
        _steps++;
    }

    /// <summary>The logits of the window, z = W·Σ f + K·b ([B, classes]).</summary>
    public ReadOnlySpan<float> WindowLogits()
    {
        var classes = _geometry.OutChannels;
        var wasSignal = MacCounter.ForwardCountsAsSignal;
        MacCounter.ForwardCountsAsSignal = true;
        for (var b = 0; b < _batch; b++)
        {
            var z = _logits.AsSpan(b * classes, classes);
            SynapseKernels.Forward(_geometry, _featureSum.AsSpan(b * _channels, _channels), Weight.Value, [], z);
            TensorPrimitives.MultiplyAdd(Bias.Value, _steps, z, z);
        }
        MacCounter.ForwardCountsAsSignal = wasSignal;
        return _logits;
    }

    /// <summary>
    /// Given ∂loss/∂z of the window's logits, accumulates the head's gradients and returns
    /// ∂loss/∂output of the block, the same at every step of the window ([B, H·W·C]).
    /// </summary>
    public ReadOnlySpan<float> Backward(ReadOnlySpan<float> l)
    {
        var classes = _geometry.OutChannels;
        for (var b = 0; b < _batch; b++)
        {
            var lb = l.Slice(b * classes, classes);
            SynapseKernels.AccumulateWeightGrad(_geometry, _featureSum.AsSpan(b * _channels, _channels), lb, 1f, Weight.Grad!);
            TensorPrimitives.MultiplyAdd(lb, _steps, Bias.Grad!, Bias.Grad!);
            SynapseKernels.InputGrad(_geometry, lb, Weight.Value, _featureGrad.AsSpan(b * _channels, _channels));
        }
        // Global average pooling backward: every position gets ∂loss/∂f / (H·W).
        var size = _positions * _channels;
        var share = 1f / _positions;
        for (var b = 0; b < _batch; b++)
        {
            var g = _featureGrad.AsSpan(b * _channels, _channels);
            var map = _mapGrad.AsSpan(b * size, size);
            for (var p = 0; p < _positions; p++)
            {
                TensorPrimitives.Multiply(g, share, map.Slice(p * _channels, _channels));
            }
        }
        return _mapGrad;
    }

    /// <summary>MACs of one window: the logits (learning signal), the weight gradient and the feature gradient.</summary>
    public MacCounts WindowMacs => new(0, 2L * _batch * _geometry.DenseMacs, (long)_batch * _geometry.DenseMacs);
}
