using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Edge.Runtime.Kernels;
using Edge.Runtime.Parallel;

namespace Edge.Runtime.Layers;

/// <summary>The multi-core forward step of a spiking layer.</summary>
public abstract partial class LifLayer
{
    /// <summary>Tells the layer which buffer its input arrives in (so a worker can read it).</summary>
    internal void BindInput(float[] buffer) => _parallel?.Bind(buffer);

    /// <summary>
    /// Splits a spiking layer's forward step across a worker pool: each worker computes a block of
    /// output rows (or, for dense layers and small maps, of channels) — synapse, recurrent current
    /// and LIF update. Every element is computed by one worker in the same order as on one thread,
    /// so the results are bit-identical.
    /// </summary>
    private sealed class ParallelForward(LifLayer layer, StepWorkers workers) : IStepJob
    {
        private float[]? _input;

        public void Bind(float[] buffer) => _input = buffer;

        /// <summary>True when <paramref name="input"/> is the bound buffer (the network's own step).</summary>
        public bool Owns(ReadOnlySpan<float> input) =>
            _input is not null && input.Length >= layer.Batch * layer.Geometry.InSize &&
            Unsafe.AreSame(ref MemoryMarshal.GetReference(input), ref MemoryMarshal.GetArrayDataReference(_input));

        public void Forward()
        {
            var g = layer.Geometry;
            for (var b = 0; b < layer.Batch; b++)
            {
                MacCounter.AddForward(g.DenseMacs);
                if (layer.RecurrentRows > 0)
                {
                    MacCounter.AddForward((long)layer.RecurrentRows * g.OutChannels);
                }
            }
            workers.Run(this);
        }

        public void Execute(int part, int parts)
        {
            var g = layer.Geometry;
            var inSize = g.InSize;
            var outSize = g.OutSize;
            var input = _input.AsSpan();
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
            layer.Neurons.Step(current.Slice(from, count), recurrent is null ? [] : recurrent.AsSpan(from, count), layer.Output.AsSpan(from, count), from);
    }
}
