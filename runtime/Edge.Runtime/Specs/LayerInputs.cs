using System.Collections;

namespace Edge.Runtime.Specs;

/// <summary>
/// The layers whose outputs a layer of a graph spec reads, by index in the spec's layer list, in
/// the order they were named (−1 is the network's input). Compared by value, so two specs read
/// from the same file are equal.
/// </summary>
public sealed class LayerInputs : IReadOnlyList<int>, IEquatable<LayerInputs>
{
    /// <summary>The index of the network's input among a layer's inputs.</summary>
    public const int NetworkInput = -1;

    private readonly int[] _indices;

    /// <summary>Inputs from these layer indices (−1: the network's input).</summary>
    /// <exception cref="ArgumentException">No index, or one below −1.</exception>
    public LayerInputs(params ReadOnlySpan<int> indices)
    {
        if (indices.IsEmpty)
        {
            throw new ArgumentException("a layer reads at least one input", nameof(indices));
        }
        foreach (var i in indices)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(i, NetworkInput, nameof(indices));
        }
        _indices = indices.ToArray();
    }

    /// <summary>The default input of layer <paramref name="layer"/>: the previous layer, or the network's input for the first.</summary>
    public static LayerInputs Previous(int layer) => new(layer - 1);

    /// <inheritdoc />
    public int Count => _indices.Length;

    /// <inheritdoc />
    public int this[int index] => _indices[index];

    /// <summary>True when <paramref name="layer"/> is among the inputs.</summary>
    public bool Contains(int layer) => Array.IndexOf(_indices, layer) >= 0;

    /// <inheritdoc />
    public IEnumerator<int> GetEnumerator() => ((IEnumerable<int>)_indices).GetEnumerator();

    /// <inheritdoc />
    IEnumerator IEnumerable.GetEnumerator() => _indices.GetEnumerator();

    /// <inheritdoc />
    public bool Equals(LayerInputs? other) => other is not null && _indices.AsSpan().SequenceEqual(other._indices);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as LayerInputs);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var i in _indices)
        {
            hash.Add(i);
        }
        return hash.ToHashCode();
    }

    /// <inheritdoc />
    public override string ToString() => string.Join(",", _indices);
}
