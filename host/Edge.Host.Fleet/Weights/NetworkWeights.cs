using Edge.Runtime;
using Edge.Runtime.Checkpoints;
using Edge.Runtime.Layers;

namespace Edge.Host.Fleet.Weights;

/// <summary>
/// The parameters of a board's network as one flat run of float32 values, tensor after tensor in
/// the order and PyTorch layout of a checkpoint's <c>layers.{i}.{name}</c>: what a weight set carries.
/// Copying in or out allocates nothing; call it where the parameters may be touched (between windows).
/// </summary>
internal sealed class NetworkWeights
{
    private readonly Network _network;
    private readonly Parameter[] _parameters;

    /// <summary>Lays out the parameters of <paramref name="network"/>.</summary>
    public NetworkWeights(Network network)
    {
        _network = network;
        var list = network.Parameters();
        _parameters = new Parameter[list.Count];
        var tensors = new WeightTensor[list.Count];
        long floats = 0;
        for (var i = 0; i < list.Count; i++)
        {
            var (layer, p) = list[i];
            _parameters[i] = p;
            tensors[i] = new WeightTensor(WeightFile.Key(layer, p.Name), [.. p.Shape], p.Count);
            floats += p.Count;
        }
        Tensors = tensors;
        Floats = checked((int)floats);
        SignatureText = SpecSignature.Of(network.Spec);
        Signature = Crc32C.Hex(Crc32C.Of(System.Text.Encoding.UTF8.GetBytes(SignatureText)));
    }

    /// <summary>The tensors, in order.</summary>
    public IReadOnlyList<WeightTensor> Tensors { get; }

    /// <summary>Total values.</summary>
    public int Floats { get; }

    /// <summary>The network signature's lines.</summary>
    public string SignatureText { get; }

    /// <summary>CRC-32C of the signature (hex), for the status.</summary>
    public string Signature { get; }

    /// <summary>Copies the parameters into <paramref name="values"/>.</summary>
    public void CopyTo(Span<float> values)
    {
        var at = 0;
        foreach (var p in _parameters)
        {
            p.Export(values.Slice(at, p.Count));
            at += p.Count;
        }
    }

    /// <summary>Replaces the parameters with <paramref name="values"/> and refreshes the standardized weights.</summary>
    public void CopyFrom(ReadOnlySpan<float> values)
    {
        var at = 0;
        foreach (var p in _parameters)
        {
            p.Import(values.Slice(at, p.Count));
            at += p.Count;
        }
        _network.RefreshWeights();
    }

    /// <summary>
    /// Why a set described by <paramref name="manifest"/> does not fit this network with
    /// <paramref name="seed"/> and <paramref name="classes"/>, in one line; null when it fits.
    /// </summary>
    public string? Mismatch(WeightManifest manifest, ulong seed, IReadOnlyList<string> classes)
    {
        if (SpecSignature.FirstDifference(manifest.Signature, SignatureText) is { } difference)
        {
            return $"network '{manifest.Network}' does not fit this board's '{_network.Spec.Name}': {difference}";
        }
        if (manifest.WeightSeed != seed)
        {
            return $"its weights started from weight seed {manifest.WeightSeed}, this board's from {seed}";
        }
        if (!manifest.Classes.SequenceEqual(classes, StringComparer.Ordinal))
        {
            return $"its classes [{string.Join(", ", manifest.Classes)}] are not this board's [{string.Join(", ", classes)}]";
        }
        if (manifest.Tensors.Count != Tensors.Count)
        {
            return $"it has {manifest.Tensors.Count} tensors, this network {Tensors.Count}";
        }
        for (var i = 0; i < Tensors.Count; i++)
        {
            var (mine, theirs) = (Tensors[i], manifest.Tensors[i]);
            if (mine.Name != theirs.Name || mine.Count != theirs.Count || !mine.Shape.SequenceEqual(theirs.Shape))
            {
                return $"tensor {i} is {theirs.Name} [{string.Join(", ", theirs.Shape)}], this network's is {mine.Name} [{string.Join(", ", mine.Shape)}]";
            }
        }
        return null;
    }
}
