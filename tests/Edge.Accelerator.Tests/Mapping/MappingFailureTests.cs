using Edge.Accelerator.Chips;
using Edge.Accelerator.Mapping;
using Edge.Runtime.Specs;

namespace Edge.Accelerator.Tests.Mapping;

/// <summary>The mapping fails, naming the limit, only when the configured system cannot hold the network.</summary>
public class MappingFailureTests
{
    private static NetworkSpec Dense(int inputs) => SpecReader.Parse($$"""
        { "name": "wide", "input_shape": [{{inputs}}], "classes": 2,
          "layers": [ { "type": "linear", "in_features": {{inputs}}, "out_features": 10 },
                      { "type": "readout-linear", "in_features": 10, "out_features": 2 } ] }
        """, "wide");

    private static SystemDescription DiscreteOnly(SystemDescription s) =>
        s with { Chip = s.Chip with { Encodings = [s.Chip.Encoding("discrete")!] } };

    [Fact]
    public void Gesture_vgg_needs_more_than_one_chip()
    {
        var ex = Assert.Throws<MappingException>(() => Mapper.Map(NetworkCatalog.Load("gesture-vgg"), SystemCatalog.Load("loihi1").WithChips(1)));
        Assert.Equal("cores", ex.Limit);
        Assert.Contains("gesture-vgg needs 818 cores (7 chips of 128)", ex.Message, StringComparison.Ordinal);
        Assert.Contains("has 1 chip(s), 128 cores", ex.Message, StringComparison.Ordinal);
        Assert.Equal(7, Mapper.Map(NetworkCatalog.Load("gesture-vgg"), SystemCatalog.Load("loihi1").WithChips(7)).ChipsUsed);
    }

    [Fact]
    public void Fan_in_beyond_the_axons_of_a_core_fails_only_without_population_axons()
    {
        var loihi = SystemCatalog.Load("loihi1");
        var ex = Assert.Throws<MappingException>(() => Mapper.Map(Dense(5000), DiscreteOnly(loihi)));
        Assert.Equal("fan_in_axons", ex.Limit);
        Assert.Contains("$.layers[0] (linear 5000 → 10)", ex.Message, StringComparison.Ordinal);
        Assert.Contains("one neuron needs 5000 input axons, a core has 4096 (fan_in_axons)", ex.Message, StringComparison.Ordinal);
        // With population axons (one per source) the same layer fits.
        Assert.Equal("population", Mapper.Map(Dense(5000), loihi).Layers[0].Encoding!.Name);
    }

    [Fact]
    public void A_neuron_larger_than_a_core_memory_names_the_memory_limit()
    {
        var s = DiscreteOnly(SystemCatalog.Load("loihi1"));
        s = s with { Chip = s.Chip with { SynapticMemoryBytes = 1024 } };
        var ex = Assert.Throws<MappingException>(() => Mapper.Map(Dense(1000), s));
        Assert.Equal("synaptic_memory_bytes", ex.Limit);
        // 1000 plastic 32-bit entries + 1000 axon headers of 32 bits = 8000 bytes.
        Assert.Contains("one neuron needs 8000 bytes of synaptic memory, a core has 1024", ex.Message, StringComparison.Ordinal);
        // Without learning the entries are 16-bit: 2000 + 4000 bytes, still too much.
        Assert.Throws<MappingException>(() => Mapper.Map(Dense(1000), s, new MappingOptions { Learning = false }));
        // 100 inputs: 400 + 400 bytes per neuron, so one neuron per core: 10 cores.
        var fits = Mapper.Map(Dense(100), s);
        Assert.Equal(10, fits.Layers[0].Cores);
        Assert.All(fits.Cores.Where(c => c.Layer == 0), c => Assert.Equal(800, c.MemoryBytes));
    }

    [Fact]
    public void Too_many_destinations_name_the_fan_out_limit()
    {
        var s = SystemCatalog.Load("loihi1");
        s = s with { Chip = s.Chip with { FanOutAxons = 1 } };
        var ex = Assert.Throws<MappingException>(() => Mapper.Map(NetworkCatalog.Load("demo"), s));
        Assert.Equal("fan_out_axons", ex.Limit);
        Assert.Contains("output axons", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Neurons_the_model_does_not_run_are_refused_by_json_path()
    {
        var spec = SpecReader.Parse("""
            { "name": "ht", "input_shape": [4], "classes": 2, "neuron": "htglif",
              "layers": [ { "type": "linear", "in_features": 4, "out_features": 3 },
                          { "type": "readout-linear", "in_features": 3, "out_features": 2 } ] }
            """, "ht");
        var ex = Assert.Throws<SpecException>(() => Mapper.Map(spec, SystemCatalog.Load("loihi1")));
        Assert.Equal("$.layers[0].neuron", ex.JsonPath);
    }
}
