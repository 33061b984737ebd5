using Edge.Accelerator.Counting;
using Edge.Accelerator.Mapping;
using Edge.Runtime;
using Edge.Runtime.Specs;

namespace Edge.Accelerator.Execution;

/// <summary>
/// Flatten (channels-last map → PyTorch's channel-major vector, a re-indexing of the next layer's
/// synapses) and dropout (identity at inference; while learning, a per-sample mask of kept axons,
/// kept spikes counting trunc(1/(1 − p)) as the CPU runtime's dropout does).
/// </summary>
internal sealed class AddressingStage : ChipStage
{
    private readonly int[]? _mask;
    private readonly int _keep;
    private bool _masked;

    public AddressingStage(LayerMapping layer, TensorShape input, TensorShape output) : base(layer, input, output)
    {
        if (layer.Spec.Kind == LayerKind.Dropout)
        {
            _mask = new int[input.Size];
            _keep = (int)MathF.Truncate(1f / (1f - layer.Spec.DropoutP));
        }
    }

    /// <summary>Draws this sample's mask (learning) or turns it off (inference); returns the axons the host rewrote.</summary>
    public int Draw(Rng rng, bool training)
    {
        ArgumentNullException.ThrowIfNull(rng);
        _masked = _mask is not null && training && Mapping.Spec.DropoutP > 0f;
        if (!_masked)
        {
            return 0;
        }
        for (var i = 0; i < _mask!.Length; i++)
        {
            _mask[i] = rng.NextDouble() < Mapping.Spec.DropoutP ? 0 : _keep;
        }
        return _mask.Length;
    }

    /// <inheritdoc />
    public override void Forward(ReadOnlySpan<int> input, ChipCounters counters)
    {
        if (_mask is null)
        {
            Permute(input, Output, toChannelMajor: true);
            return;
        }
        for (var i = 0; i < Output.Length; i++)
        {
            Output[i] = _masked ? input[i] * _mask[i] : input[i];
        }
    }

    /// <inheritdoc />
    public override void Backward(ReadOnlySpan<int> input, ReadOnlySpan<float> gradOutput, Span<float> gradInput, bool needInput, ChipCounters counters)
    {
        if (!needInput)
        {
            return;
        }
        if (_mask is null)
        {
            Permute(gradOutput, gradInput, toChannelMajor: false);
            return;
        }
        for (var i = 0; i < Output.Length; i++)
        {
            gradInput[i] = _masked ? gradOutput[i] * _mask[i] : gradOutput[i];
        }
    }

    private void Permute<T>(ReadOnlySpan<T> from, Span<T> to, bool toChannelMajor)
    {
        var s = InputShape;
        var positions = s.H * s.W;
        if (!s.IsMap)
        {
            from[..s.Size].CopyTo(to);
            return;
        }
        for (var p = 0; p < positions; p++)
        {
            for (var c = 0; c < s.C; c++)
            {
                if (toChannelMajor)
                {
                    to[(c * positions) + p] = from[(p * s.C) + c];
                }
                else
                {
                    to[(p * s.C) + c] = from[(c * positions) + p];
                }
            }
        }
    }
}
