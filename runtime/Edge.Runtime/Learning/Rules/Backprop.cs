using Edge.Runtime.Kernels;
using Edge.Runtime.Memory;

namespace Edge.Runtime.Learning.Rules;

/// <summary>
/// Runs the backward of a rule over a range of layers: after every forward step each layer keeps
/// what it needs (<see cref="LayerLearning.AfterForward"/>); a learning pass goes top-down through
/// the layers of one step (<see cref="Step"/>), or through a window of steps from the last to the
/// first with the layers' temporal carries (<see cref="ThroughTime"/>). A layer passes its gradient
/// down only when a learnable layer lies below it inside the range.
/// </summary>
internal sealed class Backprop
{
    private readonly Network _network;
    private readonly LayerLearning[] _layers;
    private readonly float[] _a;
    private readonly float[] _b;

    public Backprop(Network network, LayerLearning[] layers, MemoryLedger ledger)
    {
        _network = network;
        _layers = layers;
        var max = network.Spec.InputSize;
        foreach (var layer in network.Layers)
        {
            max = Math.Max(max, Math.Max(layer.InputShape.Size, layer.OutputShape.Size));
        }
        _a = ledger.Floats(MemoryCategory.Scratch, network.Batch * max);
        _b = ledger.Floats(MemoryCategory.Scratch, network.Batch * max);
    }

    /// <summary>The per-layer parts, in layer order.</summary>
    public IReadOnlyList<LayerLearning> Layers => _layers;

    /// <summary>Lets every layer keep what it needs from the step just computed, in history slot <paramref name="slot"/>.</summary>
    public void AfterForward(int slot)
    {
        for (var i = 0; i < _layers.Length; i++)
        {
            _layers[i].AfterForward(slot, _network.InputOf(i));
        }
    }

    /// <summary>Zeroes the layers' per-sample state.</summary>
    public void ResetSample()
    {
        foreach (var layer in _layers)
        {
            layer.ResetSample();
        }
    }

    /// <summary>
    /// Backward through the steps in slots 0 … <paramref name="slots"/> − 1 (last first), layers
    /// <paramref name="top"/> down to <paramref name="bottom"/>; the top layer's output gradient is
    /// <paramref name="topGradient"/> at every step (the loss is on outputs summed over the window).
    /// </summary>
    public void ThroughTime(int slots, int top, int bottom, ReadOnlySpan<float> topGradient)
    {
        for (var i = bottom; i <= top; i++)
        {
            _layers[i].BeginBackward();
        }
        for (var slot = slots - 1; slot >= 0; slot--)
        {
            Step(slot, top, bottom, topGradient);
        }
    }

    /// <summary>Backward of the step in <paramref name="slot"/> from layer <paramref name="top"/> down to <paramref name="bottom"/>.</summary>
    public void Step(int slot, int top, int bottom, ReadOnlySpan<float> topGradient)
    {
        Span<float> current = _a;
        Span<float> next = _b;
        topGradient.CopyTo(current);
        for (var i = top; i >= bottom; i--)
        {
            var need = LearnableBetween(bottom, i);
            var layer = _layers[i];
            if (!need && !layer.Learnable)
            {
                break;
            }
            layer.Backward(slot, current, next, need);
            if (!need)
            {
                break;
            }
            var t = current;
            current = next;
            next = t;
        }
    }

    /// <summary>The MACs of one <see cref="Step"/> over layers <paramref name="top"/> … <paramref name="bottom"/>.</summary>
    public MacCounts StepMacs(int top, int bottom)
    {
        MacCounts macs = default;
        for (var i = top; i >= bottom; i--)
        {
            var need = LearnableBetween(bottom, i);
            if (!need && !_layers[i].Learnable)
            {
                break;
            }
            macs += _layers[i].BackwardMacs(need);
            if (!need)
            {
                break;
            }
        }
        return macs;
    }

    /// <summary>True when a layer in [<paramref name="bottom"/>, <paramref name="below"/>) learns.</summary>
    private bool LearnableBetween(int bottom, int below)
    {
        for (var j = bottom; j < below; j++)
        {
            if (_layers[j].Learnable)
            {
                return true;
            }
        }
        return false;
    }
}
