using System.Runtime.InteropServices;
using System.Text.Json;
using Edge.Host.Fleet.Broker;
using Edge.Host.Fleet.Fleet;
using Edge.Host.Fleet.Weights;

namespace Edge.Host.Fleet.Tests;

/// <summary>Weight sets without a broker: chunking and assembling, checksums, incomplete sets, federated averaging.</summary>
public sealed class WeightSetTests
{
    private static WeightSet Set(float[] values, long samples = 10, ulong seed = 7) => new(WeightSet.Describe(values, "a", "demo", "sig", seed, ["x", "y"], samples,
        [new WeightTensor("layers.0.weight", [values.Length], values.Length)]), values);

    private static List<byte[]> Messages(WeightSet set)
    {
        Assert.True(WeightChunk.TryParseId(set.Manifest.Set, out var id));
        var messages = new List<byte[]> { JsonSerializer.SerializeToUtf8Bytes(set.Manifest, FleetJson.Default.WeightManifest) };
        for (var i = 0; i < set.Manifest.Chunks; i++)
        {
            messages.Add(WeightChunk.Encode(id, i, set.Manifest.Chunks, MemoryMarshal.AsBytes(set.Values.AsSpan())));
        }
        return messages;
    }

    [Fact]
    public void A_set_arrives_whole_in_any_chunk_order_and_equal_to_what_was_sent()
    {
        var values = Enumerable.Range(0, 40_000).Select(i => MathF.Sin(i)).ToArray();
        var set = Set(values);
        Assert.Equal(3, set.Manifest.Chunks);
        var messages = Messages(set);
        var assembler = new WeightAssembler(_ => null);
        Assert.Null(assembler.Add(messages[0]).Error);
        Assert.Null(assembler.Add(messages[3]).Complete);
        Assert.Null(assembler.Add(messages[1]).Complete);
        var done = assembler.Add(messages[2]);
        Assert.Null(done.Error);
        Assert.Equal(values, done.Complete!.Values);
        Assert.False(assembler.Receiving);
    }

    [Fact]
    public void A_damaged_chunk_a_refused_manifest_and_a_set_cut_short_are_one_line_each()
    {
        var set = Set(Enumerable.Range(0, 20_000).Select(i => (float)i).ToArray());
        var messages = Messages(set);
        messages[2][100] ^= 0xFF;
        var assembler = new WeightAssembler(_ => null);
        assembler.Add(messages[0]);
        assembler.Add(messages[1]);
        var damaged = assembler.Add(messages[2]);
        Assert.Null(damaged.Complete);
        Assert.StartsWith($"weights: set {set.Manifest.Set}: CRC-32C of the data is ", damaged.Error, StringComparison.Ordinal);
        Assert.Null(assembler.Add(messages[1]).Error); // the rest of a reported set says nothing more

        var refusing = new WeightAssembler(m => "its classes differ");
        Assert.Equal($"weights: set {set.Manifest.Set} refused: its classes differ", refusing.Add(messages[0]).Error);
        Assert.Null(refusing.Add(messages[1]).Error);

        var cut = new WeightAssembler(_ => null);
        cut.Add(messages[0]);
        cut.Add(messages[1]);
        var next = Set([1f, 2f]);
        Assert.Equal($"weights: set {set.Manifest.Set} is incomplete: 1 of 2 chunks arrived", cut.Add(Messages(next)[0]).Error);
        Assert.Equal($"weights: set {next.Manifest.Set} is incomplete: 0 of 1 chunks arrived", cut.Expire(TimeSpan.Zero));
        Assert.StartsWith("weights: a message that is neither", cut.Add([1, 2, 3]).Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Federated_averaging_weights_boards_by_the_windows_they_learned()
    {
        var a = Set([1f, 10f], samples: 300);
        var b = Set([3f, 30f], samples: 100);
        var weights = FederatedAverage.Weights([a, b], MergeWeighting.Samples);
        Assert.Equal([0.75, 0.25], weights);
        Assert.Equal([1.5f, 15f], FederatedAverage.Average([a, b], weights));
        Assert.Equal([0.5, 0.5], FederatedAverage.Weights([a, b], MergeWeighting.Equal));
        Assert.Equal([0.5, 0.5], FederatedAverage.Weights([Set([0f], 0), Set([0f], 0)], MergeWeighting.Samples));
        Assert.Equal("weight seed 8, a's is 7: they did not start from the same weights",
            FleetMerge.Incompatibility(Set([0f], seed: 8).Manifest, a.Manifest));
        Assert.Null(FleetMerge.Incompatibility(b.Manifest, a.Manifest));
    }
}
