using System.Numerics.Tensors;
using Edge.Runtime.Kernels;
using Edge.Runtime.Layers;
using Edge.Runtime.Memory;
using Edge.Runtime.Specs;

namespace Edge.Runtime.Learning.Rules;

/// <summary>
/// Runs the backward of a rule over a range of layers: after every forward step each layer keeps
/// what it needs (<see cref="LayerLearning.AfterForward"/>); a learning pass goes top-down through
/// the layers of one step (<see cref="Step(int, int, int, ReadOnlySpan{float}, Span{float})"/>), or
/// through a window of steps from the last to the first with the layers' temporal carries
/// (<see cref="ThroughTime"/>). The layers form a graph (a list is the case where each reads the
/// one before): a layer's signal goes to each layer it reads, and where an output feeds several
/// layers their signals add up, in the order of the layers (so the sum is the same on every run).
/// A layer passes its gradient down only when a learnable layer lies below it inside the range.
/// The signals wait in a few buffers, as many as outputs whose signal is pending at one time:
/// two for a list of layers.
/// </summary>
internal sealed class Backprop
{
    private readonly Network _network;
    private readonly LayerLearning[] _layers;
    private readonly int[][] _inputs;
    private readonly int[] _learnableAncestor;
    private readonly float[][] _buffers;
    private readonly int[] _bufferOf;
    private readonly float[] _sum;
    private readonly bool[] _written;

    public Backprop(Network network, LayerLearning[] layers, MemoryLedger ledger)
    {
        _network = network;
        _layers = layers;
        var n = layers.Length;
        var spec = network.Spec;
        var max = spec.InputSize;
        foreach (var layer in network.Layers)
        {
            max = Math.Max(max, Math.Max(layer.InputShape.Size, layer.OutputShape.Size));
        }
        _inputs = new int[n][];
        _learnableAncestor = new int[n];
        var readers = new int[n];
        var inputReaders = 0;
        for (var i = 0; i < n; i++)
        {
            _inputs[i] = [.. spec.InputsOf(i)];
            var ancestor = -1;
            foreach (var j in _inputs[i])
            {
                inputReaders += j == LayerInputs.NetworkInput ? 1 : 0;
                if (j >= 0)
                {
                    readers[j]++;
                    ancestor = Math.Max(ancestor, Math.Max(layers[j].Learnable ? j : -1, _learnableAncestor[j]));
                }
            }
            _learnableAncestor[i] = ancestor;
        }
        _bufferOf = AssignBuffers(_inputs, out var buffers);
        _buffers = new float[buffers][];
        for (var k = 0; k < buffers; k++)
        {
            _buffers[k] = ledger.Floats(MemoryCategory.Scratch, network.Batch * max);
        }
        var fanOut = inputReaders > 1;
        foreach (var count in readers)
        {
            fanOut |= count > 1;
        }
        _sum = fanOut ? ledger.Floats(MemoryCategory.Scratch, network.Batch * max) : [];
        _written = new bool[n];
    }

    /// <summary>The per-layer parts, in layer order.</summary>
    public IReadOnlyList<LayerLearning> Layers => _layers;

    /// <summary>
    /// The buffer that holds ∂loss/∂output of <paramref name="layer"/> during a pass: a caller may
    /// form a range's top gradient there (no copy is made then).
    /// </summary>
    public Span<float> GradientOf(int layer) => _buffers[_bufferOf[layer]];

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
    /// <paramref name="top"/> down to <paramref name="bottom"/>. The top layer's output gradient is
    /// <paramref name="topGradient"/> at every step (a loss on the outputs summed over the window),
    /// or, with <paramref name="lastStepOnly"/>, at the last step only (a loss on the last output).
    /// </summary>
    public void ThroughTime(int slots, int top, int bottom, ReadOnlySpan<float> topGradient, bool lastStepOnly = false)
    {
        for (var i = bottom; i <= top; i++)
        {
            _layers[i].BeginBackward();
        }
        for (var slot = slots - 1; slot >= 0; slot--)
        {
            if (lastStepOnly && slot < slots - 1)
            {
                var zero = GradientOf(top);
                zero.Clear();
                Step(slot, top, bottom, zero, []);
            }
            else
            {
                Step(slot, top, bottom, topGradient, []);
            }
        }
    }

    /// <summary>Backward of the step in <paramref name="slot"/> from layer <paramref name="top"/> down to <paramref name="bottom"/>.</summary>
    public void Step(int slot, int top, int bottom, ReadOnlySpan<float> topGradient) => Step(slot, top, bottom, topGradient, []);

    /// <summary>
    /// As <see cref="Step(int, int, int, ReadOnlySpan{float})"/>; a non-empty
    /// <paramref name="inputGradient"/> also receives ∂loss/∂(network input), summed over the
    /// layers that read it (with <paramref name="bottom"/> 0).
    /// </summary>
    public void Step(int slot, int top, int bottom, ReadOnlySpan<float> topGradient, Span<float> inputGradient)
    {
        Array.Clear(_written, bottom, top - bottom + 1);
        var inputWritten = false;
        var start = GradientOf(top);
        if (!topGradient.Overlaps(start))
        {
            topGradient.CopyTo(start);
        }
        _written[top] = true;
        for (var i = top; i >= bottom; i--)
        {
            if (!_written[i])
            {
                continue;
            }
            var part = _layers[i];
            var wantInput = !inputGradient.IsEmpty && Array.IndexOf(_inputs[i], LayerInputs.NetworkInput) >= 0;
            var need = wantInput || _learnableAncestor[i] >= bottom;
            if (!need && !part.Learnable)
            {
                continue;
            }
            var gradient = GradientOf(i);
            if (part.Layer is MergeLayer merge)
            {
                for (var k = 0; k < _inputs[i].Length; k++)
                {
                    var from = _inputs[i][k];
                    if (Needs(from, bottom, wantInput))
                    {
                        var fresh = Target(from, bottom, inputGradient, ref inputWritten, out var target);
                        merge.BackwardTo(k, gradient, target);
                        AddIfShared(from, fresh, inputGradient);
                    }
                }
                continue;
            }
            var input = _inputs[i][0];
            if (!need)
            {
                part.Backward(slot, gradient, input >= bottom ? GradientOf(input) : [], needGradInput: false);
                continue;
            }
            var isFresh = Target(input, bottom, inputGradient, ref inputWritten, out var into);
            part.Backward(slot, gradient, into, needGradInput: true);
            AddIfShared(input, isFresh, inputGradient);
        }
    }

    /// <summary>The MACs of one <see cref="Step(int, int, int, ReadOnlySpan{float})"/> over layers <paramref name="top"/> … <paramref name="bottom"/>.</summary>
    public MacCounts StepMacs(int top, int bottom)
    {
        MacCounts macs = default;
        Array.Clear(_written, bottom, top - bottom + 1);
        _written[top] = true;
        for (var i = top; i >= bottom; i--)
        {
            var need = _learnableAncestor[i] >= bottom;
            if (!_written[i] || (!need && !_layers[i].Learnable))
            {
                continue;
            }
            macs += _layers[i].BackwardMacs(need && _layers[i].Layer is not MergeLayer);
            foreach (var from in _inputs[i])
            {
                if (need && Needs(from, bottom, wantInput: false))
                {
                    _written[from] = true;
                }
            }
        }
        return macs;
    }

    /// <summary>True when the output of <paramref name="from"/> (−1: the network's input) wants a signal in a pass down to <paramref name="bottom"/>.</summary>
    private bool Needs(int from, int bottom, bool wantInput) =>
        from == LayerInputs.NetworkInput ? wantInput : from >= bottom && (_layers[from].Learnable || _learnableAncestor[from] >= bottom);

    /// <summary>
    /// Where a signal for the output of <paramref name="from"/> is written: its own buffer (or the
    /// caller's input gradient) the first time in a pass (returns true), else the sum scratch.
    /// </summary>
    private bool Target(int from, int bottom, Span<float> inputGradient, ref bool inputWritten, out Span<float> target)
    {
        if (from == LayerInputs.NetworkInput)
        {
            var first = !inputWritten;
            inputWritten = true;
            target = first ? inputGradient : _sum;
            return first;
        }
        if (from < bottom)
        {
            target = [];
            return true;
        }
        var fresh = !_written[from];
        _written[from] = true;
        target = fresh ? GradientOf(from) : _sum;
        return fresh;
    }

    /// <summary>Adds the sum scratch to the output's signal when the signal was not the first one it got.</summary>
    private void AddIfShared(int from, bool fresh, Span<float> inputGradient)
    {
        if (fresh)
        {
            return;
        }
        var destination = from == LayerInputs.NetworkInput ? inputGradient : GradientOf(from);
        var n = _network.Batch * (from == LayerInputs.NetworkInput ? _network.Spec.InputSize : _network.Layers[from].OutputShape.Size);
        TensorPrimitives.Add(destination[..n], _sum.AsSpan(0, n), destination[..n]);
    }

    /// <summary>
    /// Gives every layer's output signal a buffer so that signals pending at the same time (from the
    /// backward of the output's last reader to its own) never share one; returns the count in <paramref name="count"/>.
    /// </summary>
    private static int[] AssignBuffers(int[][] inputs, out int count)
    {
        var n = inputs.Length;
        var bufferOf = new int[n];
        Array.Fill(bufferOf, -1);
        var busy = new List<bool>();
        bufferOf[n - 1] = Take(busy);
        for (var i = n - 1; i >= 0; i--)
        {
            foreach (var from in inputs[i])
            {
                if (from >= 0 && bufferOf[from] < 0)
                {
                    bufferOf[from] = Take(busy);
                }
            }
            busy[bufferOf[i]] = false;
        }
        count = busy.Count;
        return bufferOf;
    }

    private static int Take(List<bool> busy)
    {
        for (var k = 0; k < busy.Count; k++)
        {
            if (!busy[k])
            {
                busy[k] = true;
                return k;
            }
        }
        busy.Add(true);
        return busy.Count - 1;
    }
}
