using System.Numerics.Tensors;
using Edge.Runtime.Memory;
using Edge.Runtime.Specs;

namespace Edge.Runtime.Layers;

/// <summary>
/// Per-sample dropout of the official DropoutLIF: one mask per sample and neuron, drawn when the
/// sample starts and reused at every step. Kept entries are trunc(1/(1 − p)), i.e. exactly 1 for
/// p &lt; 0.5 (the code truncates the inverted-dropout scale away). Identity at evaluation.
/// </summary>
public sealed class Dropout : Layer
{
    private readonly float[] _mask;
    private readonly float _keepValue;
    private bool _active;

    internal Dropout(LayerSpec spec, int index, TensorShape input, TensorShape output, BuildContext ctx)
        : base(spec, index, input, output, ctx)
    {
        _mask = ctx.Ledger.Floats(MemoryCategory.TemporalState, ctx.Batch * input.Size);
        _keepValue = MathF.Truncate(1f / (1f - spec.DropoutP));
    }

    /// <summary>The mask of the current sample (valid while training).</summary>
    public ReadOnlySpan<float> Mask => _mask;

    /// <inheritdoc />
    public override void ResetState(Rng rng, bool training)
    {
        ArgumentNullException.ThrowIfNull(rng);
        _active = training && Spec.DropoutP > 0f;
        if (!_active)
        {
            return;
        }
        for (var i = 0; i < _mask.Length; i++)
        {
            _mask[i] = rng.NextDouble() < Spec.DropoutP ? 0f : _keepValue;
        }
    }

    /// <inheritdoc />
    public override void Forward(ReadOnlySpan<float> input, bool training)
    {
        var x = input[..Output.Length];
        if (_active && training)
        {
            TensorPrimitives.Multiply(x, _mask, Output);
        }
        else
        {
            x.CopyTo(Output);
        }
    }

    /// <inheritdoc />
    public override void Backward(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradInput, bool needGradInput)
    {
        if (!needGradInput)
        {
            return;
        }
        var l = gradOutput[..Output.Length];
        if (_active)
        {
            TensorPrimitives.Multiply(l, _mask, gradInput[..Output.Length]);
        }
        else
        {
            l.CopyTo(gradInput);
        }
    }
}
