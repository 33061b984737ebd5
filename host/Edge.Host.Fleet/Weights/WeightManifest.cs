namespace Edge.Host.Fleet.Weights;

/// <summary>
/// The first message of a weight set on <c>weights/out</c> or <c>weights/in</c> (JSON): what the
/// parameters belong to and how the binary chunks that follow add up. A board takes a set only when
/// the signature, weight seed, classes and tensors are its own and every chunk arrived with the checksum.
/// </summary>
public sealed record WeightManifest
{
    /// <summary>Payload version.</summary>
    public int V { get; init; } = Broker.FleetMessages.Version;

    /// <summary>The set's id (16 hex digits), repeated in every chunk's header.</summary>
    public required string Set { get; init; }

    /// <summary>The board that sent it, or <c>fleet</c> for a merged set.</summary>
    public required string From { get; init; }

    /// <summary>The network's name.</summary>
    public required string Network { get; init; }

    /// <summary>The network signature's lines (layers, neurons, learning setup), joined by newlines.</summary>
    public required string Signature { get; init; }

    /// <summary>The seed the weights started from.</summary>
    public ulong WeightSeed { get; init; }

    /// <summary>The classes, in output order.</summary>
    public required IReadOnlyList<string> Classes { get; init; }

    /// <summary>Windows learned since these weights were last replaced by a pushed set (the merge's weight).</summary>
    public long Samples { get; init; }

    /// <summary>The tensors, in order: name (<c>layers.{i}.{name}</c>), shape (PyTorch order) and count.</summary>
    public required IReadOnlyList<WeightTensor> Tensors { get; init; }

    /// <summary>Total float32 values (little-endian) over all tensors.</summary>
    public long Floats { get; init; }

    /// <summary>Data bytes per chunk (the last may be shorter).</summary>
    public int ChunkBytes { get; init; }

    /// <summary>Number of chunks.</summary>
    public int Chunks { get; init; }

    /// <summary>CRC-32C of all the data bytes in order (8 hex digits).</summary>
    public required string Crc32c { get; init; }
}

/// <summary>One tensor of a weight set.</summary>
/// <param name="Name">The checkpoint's tensor name (<c>layers.{i}.{name}</c>).</param>
/// <param name="Shape">The shape, PyTorch order.</param>
/// <param name="Count">Its number of values.</param>
public sealed record WeightTensor(string Name, IReadOnlyList<int> Shape, int Count);
