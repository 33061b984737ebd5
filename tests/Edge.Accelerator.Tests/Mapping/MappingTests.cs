using Edge.Accelerator.Chips;
using Edge.Accelerator.Mapping;
using Edge.Runtime.Specs;

namespace Edge.Accelerator.Tests.Mapping;

public class MappingTests
{
    public static TheoryData<string, string> Every()
    {
        var data = new TheoryData<string, string>();
        foreach (var network in new[] { "demo", "nmnist-small", "gesture-vgg", "shd-rec" })
        {
            foreach (var preset in SystemCatalog.Names)
            {
                data.Add(network, preset);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Every))]
    public void Every_built_in_network_maps_on_every_preset_within_every_core_limit(string network, string preset)
    {
        var system = SystemCatalog.Load(preset);
        var chip = system.Chip;
        var mapping = Mapper.Map(NetworkCatalog.Load(network), system);
        Assert.True(mapping.CoresUsed > 0);
        Assert.All(mapping.Cores, c =>
        {
            Assert.InRange(c.Neurons, 1, chip.NeuronsPerCore);
            Assert.InRange(c.MemoryBytes, 1, chip.SynapticMemoryBytes);
            Assert.InRange(c.FanInAxons, 1, chip.FanInAxons);
            Assert.InRange(c.FanOutAxons, 0, chip.FanOutAxons);
        });
        // Every neuron of every layer on cores is held by exactly one core.
        foreach (var layer in mapping.Layers)
        {
            if (layer.Partition is { } p)
            {
                long held = 0;
                for (var core = p.FirstCore; core < p.FirstCore + p.Cores; core++)
                {
                    Assert.Equal(layer.Index, mapping.Cores[core].Layer);
                    held += mapping.Cores[core].Neurons;
                }
                Assert.Equal(layer.Connectivity!.Neurons, held);
            }
        }
    }

    [Fact]
    public void Each_layer_type_maps_as_documented()
    {
        var demo = Mapper.Map(NetworkCatalog.Load("demo"), SystemCatalog.Load("loihi1"));
        Assert.Equal(
            [MappingKind.SpikingNeurons, MappingKind.SpikingPool, MappingKind.SpikingNeurons, MappingKind.SpikingPool, MappingKind.Addressing,
             MappingKind.SpikingNeurons, MappingKind.NonSpikingCompartments],
            demo.Layers.Select(l => l.Kind));
        Assert.True(demo.Layers[2].FeedbackCopy);  // passes the learning signal down
        Assert.False(demo.Layers[0].FeedbackCopy); // nothing learns below the first layer
        Assert.Contains("weight standardization folded", demo.Layers[0].How, StringComparison.Ordinal);

        // Version 1 of nmnist-small ends with a global average pool into a stateless readout.
        var nmnist = Mapper.Map(NetworkCatalog.Load("nmnist-small@1"), SystemCatalog.Load("loihi1"));
        Assert.Equal(MappingKind.DendriticFold, nmnist.Layers[5].Kind); // global average pool
        Assert.Equal(64, nmnist.Layers[6].FoldDivisor);                // 8×8 positions into the readout's weights
        Assert.Equal("conv-shared", nmnist.Layers[6].Encoding!.Name);   // one weight per channel and class, shared over positions

        var onHost = Mapper.Map(NetworkCatalog.Load("nmnist-small@1"), SystemCatalog.Load("loihi1"), new MappingOptions { ReadoutOnHost = true });
        Assert.Equal(MappingKind.Host, onHost.Layers[6].Kind);
        Assert.True(onHost.SendsToHost(4));
        Assert.Equal(nmnist.CoresUsed - 1, onHost.CoresUsed);

        var plain = Mapper.Map(NetworkCatalog.Load("demo"), SystemCatalog.Load("loihi1"), new MappingOptions { Learning = false });
        Assert.All(plain.Layers, l => Assert.False(l.Plastic || l.FeedbackCopy));
        Assert.True(plain.Layers.Sum(l => l.MemoryBytes) < demo.Layers.Sum(l => l.MemoryBytes)); // 16-bit static entries
    }

    [Fact]
    public void Partitions_and_destinations_follow_the_window()
    {
        // A 3×3 padded convolution over 8×8, 4 channels, split into 2 channel groups and 4×4 tiles.
        var c = new Connectivity
        {
            SourceChannels = 2,
            FoldY = Window.Identity(8),
            FoldX = Window.Identity(8),
            KernelY = new Window(3, 1, 1, 8, 8),
            KernelX = new Window(3, 1, 1, 8, 8),
            InputChannels = 2,
            OutChannels = 4,
        };
        var p = new Partition(10, 4, 8, 8, 2, 4, 4);
        Assert.Equal(8, p.Cores);
        Assert.Equal(10 + (((1 * 2) + 1) * 2) + 0, p.CoreOf(5, 2, 3));
        Span<int> cores = stackalloc int[16];
        // Source pixel (3, 3) reaches outputs rows/cols 2…4: tiles 0 and 1 both ways, in both groups.
        Assert.Equal(8, Destinations.Of(c, p, 3, 3, 0, cores));
        // A corner pixel reaches outputs 0…1 only: one tile, both groups.
        Assert.Equal(2, Destinations.Of(c, p, 0, 0, 1, cores));
        Assert.Equal([10, 14], cores[..2].ToArray());
        Assert.Equal(8, Destinations.Max(c, p));
        // Padding: the corner output reads 2×2 of the 3×3 taps.
        Assert.Equal(4 * 2, c.EntriesOf(0, 0));
        Assert.Equal(9 * 2, c.EntriesOf(3, 3));
    }
}
