using System.Runtime.InteropServices;
using Edge.Runtime.Checkpoints;

namespace Edge.Host.Fleet.Weights;

/// <summary>A complete weight set: its manifest and its values (checked against the manifest's checksum).</summary>
/// <param name="Manifest">What the values belong to.</param>
/// <param name="Values">The values, tensor after tensor.</param>
public sealed record WeightSet(WeightManifest Manifest, float[] Values)
{
    /// <summary>
    /// Describes <paramref name="values"/> as a set: a new id, the tensors, the chunk count and the
    /// checksum of the data.
    /// </summary>
    internal static WeightManifest Describe(ReadOnlySpan<float> values, string from, string network, string signature, ulong seed,
        IReadOnlyList<string> classes, long samples, IReadOnlyList<WeightTensor> tensors, ulong? set = null)
    {
        var bytes = MemoryMarshal.AsBytes(values);
        return new WeightManifest
        {
            Set = WeightChunk.IdText(set ?? WeightChunk.NewId()),
            From = from,
            Network = network,
            Signature = signature,
            WeightSeed = seed,
            Classes = classes,
            Samples = samples,
            Tensors = tensors,
            Floats = values.Length,
            ChunkBytes = WeightChunk.DataBytes,
            Chunks = WeightChunk.CountFor(bytes.Length),
            Crc32c = Crc32C.Hex(Crc32C.Of(bytes)),
        };
    }
}
