using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Edge.Runtime.Kernels;
using Edge.Runtime.Memory;
using Edge.Runtime.Parallel;

namespace Edge.Runtime.Layers;

/// <summary>The multi-core step of a spiking layer.</summary>
public abstract partial class LifLayer
{
    /// <summary>Tells the layer which buffer its input arrives in (so a worker can read it).</summary>
    internal void BindInput(float[] buffer) => _parallel?.Bind(buffer);

    /// <summary>
    /// Splits a spiking layer's step across a worker pool. Forward: each worker computes a block of
    /// output rows (or, for dense layers and small maps, of channels) — synapse, recurrent current
    /// and LIF update — and a slice of the input trace. Backward: each worker accumulates a block of
    /// weight rows and computes a block of the input gradient. Every element is computed by one
    /// worker in the same order as on one thread, so the results are bit-identical.
    /// </summary>
    private sealed class ParallelState : IStepJob
    {
        private readonly LifLayer _layer;
        private readonly StepWorkers _workers;
        private readonly float[]? _signals;
        private readonly float[]? _nonCausals;
        private readonly float[]? _gradIn;
        private readonly bool[] _sparseInput;
        private readonly bool[] _sparseTrace;
        private float[]? _input;
        private bool _backward;
        private bool _needGradInput;

        public ParallelState(LifLayer layer, StepWorkers workers, BuildContext ctx)
        {
            _layer = layer;
            _workers = workers;
            var ledger = ctx.Ledger;
            if (ctx.Learning && ctx.Traces)
            {
                _signals = ledger.Floats(MemoryCategory.Scratch, ctx.Batch * layer.OutputShape.Size);
                _nonCausals = ledger.Floats(MemoryCategory.Scratch, ctx.Batch * layer.OutputShape.Size);
                if (ctx.PassesSignalDown)
                {
                    _gradIn = ledger.Floats(MemoryCategory.Scratch, ctx.Batch * layer.InputShape.Size);
                }
            }
            _sparseInput = new bool[ctx.Batch];
            _sparseTrace = new bool[ctx.Batch];
        }

        public void Bind(float[] buffer) => _input = buffer;

        /// <summary>True when <paramref name="input"/> is the bound buffer (the network's own step).</summary>
        public bool Owns(ReadOnlySpan<float> input) =>
            _input is not null && input.Length >= _layer.Batch * _layer.Geometry.InSize &&
            Unsafe.AreSame(ref MemoryMarshal.GetReference(input), ref MemoryMarshal.GetArrayDataReference(_input));

        public void Forward()
        {
            var g = _layer.Geometry;
            for (var b = 0; b < _layer.Batch; b++)
            {
                MacCounter.AddForward(g.DenseMacs);
                if (_layer.RecurrentRows > 0)
                {
                    MacCounter.AddForward((long)_layer.RecurrentRows * g.OutChannels);
                }
            }
            _backward = false;
            _workers.Run(this);
        }

        public void Backward(ReadOnlySpan<float> gradOutput, Span<float> gradInput, bool needGradInput)
        {
            var layer = _layer;
            var g = layer.Geometry;
            var outSize = g.OutSize;
            var inSize = g.InSize;
            var signals = _signals!.AsSpan();
            var nonCausals = _nonCausals!.AsSpan();
            TensorPrimitives.Multiply(gradOutput[..signals.Length], layer.Neurons.Psi.AsSpan(0, signals.Length), signals);
            TensorPrimitives.Multiply(gradOutput[..signals.Length], layer.Neurons.TracePostPrevious.AsSpan(0, signals.Length), nonCausals);
            for (var b = 0; b < layer.Batch; b++)
            {
                _sparseInput[b] = SynapseKernels.IsSparse(g, _input.AsSpan(b * inSize, inSize));
                _sparseTrace[b] = SynapseKernels.IsSparse(g, layer.TracePre.AsSpan(b * inSize, inSize));
                var terms = (layer._alphaPost != 0f ? 1 : 0) + (layer._alphaPre != 0f ? 1 : 0);
                MacCounter.AddUpdate(terms * (g.DenseMacs + ((long)layer.RecurrentRows * g.OutChannels)));
            }
            _needGradInput = needGradInput && layer.Synapse.EffectiveTransposed is not null && _gradIn is not null;
            _backward = true;
            _workers.Run(this);

            // Bias and the fallback input gradient stay on this thread, in the single-thread order.
            var cout = g.OutChannels;
            for (var b = 0; b < layer.Batch; b++)
            {
                var sg = signals.Slice(b * outSize, outSize);
                if (layer.Bias?.Grad is { } db)
                {
                    Simd.AddRows(sg[..outSize], cout, db);
                }
                if (needGradInput)
                {
                    if (_needGradInput)
                    {
                        MacCounter.AddSignal(g.DenseMacs);
                        _gradIn.AsSpan(b * inSize, inSize).CopyTo(gradInput.Slice(b * inSize, inSize));
                    }
                    else
                    {
                        SynapseKernels.InputGrad(g, sg, layer.Synapse.Effective, gradInput.Slice(b * inSize, inSize));
                    }
                }
            }
        }

        public void Execute(int part, int parts)
        {
            if (_backward)
            {
                BackwardPart(part, parts);
            }
            else
            {
                ForwardPart(part, parts);
            }
        }

        private void ForwardPart(int part, int parts)
        {
            var layer = _layer;
            var g = layer.Geometry;
            var inSize = g.InSize;
            var outSize = g.OutSize;
            var input = _input.AsSpan();
            if (layer.TracePre is { } trace)
            {
                // trx ← λ_pre·trx + x for this worker's slice.
                var (from, to) = StepWorkers.Range(trace.Length, part, parts);
                var slice = trace.AsSpan(from, to - from);
                TensorPrimitives.MultiplyAdd(slice, layer._lambdaPre, input.Slice(from, to - from), slice);
            }
            var cut = SynapsePart.Split(g.OutHeight, g.OutChannels, part, parts);
            if (cut.IsEmpty)
            {
                return;
            }
            var bias = layer.Bias is null ? ReadOnlySpan<float>.Empty : layer.Bias.Value;
            var current = layer._current.AsSpan();
            for (var b = 0; b < layer.Batch; b++)
            {
                SynapseKernels.Forward(g, input.Slice(b * inSize, inSize), layer.Synapse.Effective, bias, current.Slice(b * outSize, outSize), cut);
            }
            layer.ComputeRecurrentCurrent(cut);
            var recurrent = layer.RecurrentCurrentBuffer;
            var cell = g.OutChannels;
            var rows = cut.ChannelFrom == 0 && cut.ChannelTo == cell;
            for (var b = 0; b < layer.Batch; b++)
            {
                if (rows)
                {
                    var from = (b * outSize) + (cut.RowFrom * g.OutWidth * cell);
                    var count = (cut.RowTo - cut.RowFrom) * g.OutWidth * cell;
                    Step(current, recurrent, from, count);
                }
                else
                {
                    for (var p = cut.RowFrom * g.OutWidth; p < cut.RowTo * g.OutWidth; p++)
                    {
                        Step(current, recurrent, (b * outSize) + (p * cell) + cut.ChannelFrom, cut.ChannelTo - cut.ChannelFrom);
                    }
                }
            }
        }

        private void Step(Span<float> current, float[]? recurrent, int from, int count) =>
            _layer.Neurons.Step(current.Slice(from, count), recurrent is null ? [] : recurrent.AsSpan(from, count), _layer.Output.AsSpan(from, count), from);

        private void BackwardPart(int part, int parts)
        {
            var layer = _layer;
            var g = layer.Geometry;
            var inSize = g.InSize;
            var outSize = g.OutSize;
            var dW = layer.Synapse.EffectiveGrad!;
            var (rowFrom, rowTo) = StepWorkers.Range(g.Rows, part, parts);
            var (recFrom, recTo) = StepWorkers.Range(layer.RecurrentRows, part, parts);
            for (var b = 0; b < layer.Batch; b++)
            {
                var sg = _signals.AsSpan(b * outSize, outSize);
                var nc = _nonCausals.AsSpan(b * outSize, outSize);
                if (layer._alphaPost != 0f)
                {
                    SynapseKernels.AccumulateWeightGrad(g, _input.AsSpan(b * inSize, inSize), nc, layer._alphaPost, dW, _sparseInput[b], rowFrom, rowTo);
                }
                if (layer._alphaPre != 0f)
                {
                    SynapseKernels.AccumulateWeightGrad(g, layer.TracePre.AsSpan(b * inSize, inSize), sg, layer._alphaPre, dW, _sparseTrace[b], rowFrom, rowTo);
                }
                if (recFrom < recTo)
                {
                    layer.AccumulateRecurrentGradients(b, sg, nc, recFrom, recTo);
                }
            }
            if (_needGradInput)
            {
                var cut = SynapsePart.Split(g.InHeight, g.InChannels, part, parts);
                for (var b = 0; b < layer.Batch; b++)
                {
                    SynapseKernels.InputGradTransposed(g, _signals.AsSpan(b * outSize, outSize), layer.Synapse.EffectiveTransposed, _gradIn.AsSpan(b * inSize, inSize), cut);
                }
            }
        }
    }
}
