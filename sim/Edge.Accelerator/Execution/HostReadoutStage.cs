using Edge.Accelerator.Counting;
using Edge.Accelerator.Mapping;
using Edge.Runtime;
using Edge.Runtime.Layers;
using Edge.Runtime.Specs;

namespace Edge.Accelerator.Execution;

/// <summary>
/// The readout computed by the host in float (the CPU runtime's own layer): the spikes it reads
/// arrive as 32-bit messages; folded pools become a division. Its learning is the host's too.
/// </summary>
internal sealed class HostReadoutStage : ChipStage, IReadoutStage
{
    private readonly Layer _layer;
    private readonly float[] _input;
    private readonly float _divisor;
    private readonly Rng _unused = new(0);

    public HostReadoutStage(LayerMapping mapping, TensorShape input, TensorShape output, Layer layer) : base(mapping, input, output)
    {
        _layer = layer;
        _input = new float[input.Size];
        _divisor = mapping.FoldDivisor;
    }

    /// <inheritdoc />
    public ReadOnlySpan<float> Logits => _layer.Output;

    /// <inheritdoc />
    public override void Reset() => _layer.ResetState(_unused, training: false);

    /// <inheritdoc />
    public override void Forward(ReadOnlySpan<int> input, ChipCounters counters)
    {
        long spikes = 0, nonZero = 0;
        for (var i = 0; i < _input.Length; i++)
        {
            _input[i] = input[i] / _divisor;
            spikes += input[i];
            nonZero += input[i] != 0 ? 1 : 0;
        }
        _layer.Forward(_input, training: false);
        var outputs = OutputShape.Size;
        counters.Host(HostCounter.TransferBytes, Index, 4 * spikes);
        counters.Host(HostCounter.Ops, Index, (2 * nonZero * outputs) + (2L * outputs) + (_divisor > 1 ? _input.Length : 0));
    }

    /// <inheritdoc />
    public override void Backward(ReadOnlySpan<int> input, ReadOnlySpan<float> gradOutput, Span<float> gradInput, bool needInput, ChipCounters counters)
    {
        _layer.Backward(_input, gradOutput, gradInput, needInput);
        var outputs = OutputShape.Size;
        counters.Host(HostCounter.Ops, Index, 2L * _input.Length * outputs * (needInput ? 2 : 1));
        if (!needInput)
        {
            return;
        }
        long sent = 0;
        for (var i = 0; i < _input.Length; i++)
        {
            gradInput[i] /= _divisor;
            sent += gradInput[i] != 0 ? 1 : 0;
        }
        counters.Host(HostCounter.TransferBytes, Index, 4 * sent);
    }
}
