using Edge.Runtime.Specs;

namespace Edge.Runtime.Layers;

/// <summary>
/// A layer that reads several inputs (a skip connection): <see cref="Concat"/> or <see cref="Add"/>.
/// The network binds its input buffers when it is built; <see cref="Layer.Forward"/> reads them
/// (its span argument is the first). The learning signal reaches each input through
/// <see cref="BackwardTo"/>; where an output feeds several layers the signals add up.
/// </summary>
public abstract class MergeLayer : Layer
{
    private float[][] _inputs = [];

    /// <summary>Initialises the shapes; <paramref name="inputs"/> are the per-sample shapes of the inputs, in order.</summary>
    private protected MergeLayer(LayerSpec spec, int index, TensorShape[] inputs, TensorShape output, BuildContext ctx)
        : base(spec, index, inputs[0], output, ctx)
    {
        InputShapes = inputs;
    }

    /// <summary>The per-sample shape of every input, in order.</summary>
    public IReadOnlyList<TensorShape> InputShapes { get; }

    /// <summary>The input buffers of the current step, in order (bound by the network).</summary>
    protected IReadOnlyList<float[]> Inputs => _inputs;

    /// <summary>Tells the layer where its inputs arrive ([B, per-sample input] each).</summary>
    internal void Bind(float[][] inputs)
    {
        if (inputs.Length != InputShapes.Count)
        {
            throw new ArgumentException($"the layer reads {InputShapes.Count} inputs, {inputs.Length} were bound", nameof(inputs));
        }
        _inputs = inputs;
    }

    /// <summary>Writes ∂loss/∂(input <paramref name="input"/>) of this step into <paramref name="gradInput"/> ([B, that input's size]; overwritten).</summary>
    public abstract void BackwardTo(int input, ReadOnlySpan<float> gradOutput, Span<float> gradInput);

    /// <summary>
    /// Not supported: a merge layer has one signal per input (<see cref="BackwardTo"/>).
    /// </summary>
    /// <exception cref="NotSupportedException">Always.</exception>
    public override void Backward(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradInput, bool needGradInput) =>
        throw new NotSupportedException("a merge layer passes the learning signal to each input through BackwardTo");
}
