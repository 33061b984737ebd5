using Edge.Accelerator.Counting;
using Edge.Accelerator.Mapping;
using Edge.Runtime.Specs;

namespace Edge.Accelerator.Execution;

/// <summary>
/// How the chip model runs one layer of the spec: integer state and output per sample, channels-last
/// like the CPU runtime's layers, and the counts of every event it causes. Buffers are allocated when
/// the stage is built; a step allocates nothing.
/// </summary>
internal abstract class ChipStage
{
    protected ChipStage(LayerMapping mapping, TensorShape input, TensorShape output)
    {
        Mapping = mapping;
        InputShape = input;
        OutputShape = output;
        Output = new int[output.Size];
    }

    /// <summary>How the layer maps.</summary>
    public LayerMapping Mapping { get; }

    /// <summary>Position in the spec.</summary>
    public int Index => Mapping.Index;

    /// <summary>Input shape per sample.</summary>
    public TensorShape InputShape { get; }

    /// <summary>Output shape per sample.</summary>
    public TensorShape OutputShape { get; }

    /// <summary>This step's output: spikes (0/1), pooled spike counts, or compartment values.</summary>
    public int[] Output { get; }

    /// <summary>True when <see cref="Output"/> holds spikes of neurons (compared with the CPU runtime's).</summary>
    public virtual bool Spiking => false;

    /// <summary>Zeroes the per-sample state.</summary>
    public virtual void Reset()
    {
    }

    /// <summary>Runs one step on <paramref name="input"/> and counts its events.</summary>
    public abstract void Forward(ReadOnlySpan<int> input, ChipCounters counters);

    /// <summary>
    /// Passes this step's learning signal down: <paramref name="gradOutput"/> is ∂loss/∂output (in
    /// the units of <see cref="Output"/>), <paramref name="gradInput"/> receives ∂loss/∂input when
    /// <paramref name="needInput"/>. Layers that learn also take their learning-engine step here.
    /// </summary>
    public abstract void Backward(ReadOnlySpan<int> input, ReadOnlySpan<float> gradOutput, Span<float> gradInput, bool needInput, ChipCounters counters);
}
