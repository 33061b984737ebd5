using Edge.Runtime.Kernels;

namespace Edge.Runtime.Layers;

/// <summary>
/// A trainable tensor of a layer: its value, its gradient accumulator (null in inference builds)
/// and how its internal layout maps to PyTorch's. Synapse weights are stored channels-last as
/// rows (ky, kx, c) × C_out (see <see cref="ConvGeometry"/>); everything else is stored as PyTorch does.
/// </summary>
public sealed class Parameter
{
    private readonly ConvGeometry? _synapse;

    internal Parameter(string name, int[] shape, float[] value, float[]? grad, ConvGeometry? synapseLayout = null)
    {
        Name = name;
        Shape = shape;
        Value = value;
        Grad = grad;
        _synapse = synapseLayout;
    }

    /// <summary>Name as in PyTorch's state_dict of the official layer: weight, bias, gain, weight_rec, gain_rec.</summary>
    public string Name { get; }

    /// <summary>Shape in PyTorch order (e.g. conv [C_out, C_in, k, k]).</summary>
    public IReadOnlyList<int> Shape { get; }

    /// <summary>Number of elements.</summary>
    public int Count => Value.Length;

    /// <summary>Values, internal layout.</summary>
    public float[] Value { get; }

    /// <summary>Gradient accumulator, internal layout; null when the network was built for inference.</summary>
    public float[]? Grad { get; }

    /// <summary>Copies values given in PyTorch order (row-major over <see cref="Shape"/>) into the parameter.</summary>
    public void Import(ReadOnlySpan<float> torchOrder)
    {
        if (torchOrder.Length != Count)
        {
            throw new ArgumentException($"{Name}: expected {Count} values, got {torchOrder.Length}", nameof(torchOrder));
        }
        if (_synapse is not { } g)
        {
            torchOrder.CopyTo(Value);
            return;
        }
        var i = 0;
        for (var o = 0; o < g.OutChannels; o++)
        {
            for (var c = 0; c < g.InChannels; c++)
            {
                for (var ky = 0; ky < g.Kernel; ky++)
                {
                    for (var kx = 0; kx < g.Kernel; kx++)
                    {
                        Value[g.WeightIndex(o, c, ky, kx)] = torchOrder[i++];
                    }
                }
            }
        }
    }

    /// <summary>Writes the values in PyTorch order.</summary>
    public void Export(Span<float> torchOrder) => ToTorch(Value, torchOrder);

    /// <summary>Writes the gradient in PyTorch order.</summary>
    public void ExportGrad(Span<float> torchOrder) =>
        ToTorch(Grad ?? throw new InvalidOperationException($"{Name} has no gradient (inference build)"), torchOrder);

    /// <summary>Converts any buffer in this parameter's internal layout to PyTorch order.</summary>
    public void ToTorch(ReadOnlySpan<float> internalOrder, Span<float> torchOrder)
    {
        if (_synapse is not { } g)
        {
            internalOrder.CopyTo(torchOrder);
            return;
        }
        var i = 0;
        for (var o = 0; o < g.OutChannels; o++)
        {
            for (var c = 0; c < g.InChannels; c++)
            {
                for (var ky = 0; ky < g.Kernel; ky++)
                {
                    for (var kx = 0; kx < g.Kernel; kx++)
                    {
                        torchOrder[i++] = internalOrder[g.WeightIndex(o, c, ky, kx)];
                    }
                }
            }
        }
    }
}
