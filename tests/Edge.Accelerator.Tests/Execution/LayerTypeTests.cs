using Edge.Accelerator.Agreement;
using Edge.Accelerator.Chips;
using Edge.Accelerator.Mapping;
using Edge.Runtime;
using Edge.Runtime.Events;
using Edge.Runtime.Online;
using Edge.Runtime.Specs;

namespace Edge.Accelerator.Tests.Execution;

/// <summary>Every layer type runs on the model and follows the CPU runtime.</summary>
public class LayerTypeTests
{
    // Average pool folded into a dense layer, dropout, a recurrent layer and a leaky readout.
    private const string Mixed = """
        { "name": "mixed", "input_shape": [2, 16, 16], "classes": 4, "time_steps": 12, "learn_steps": 4,
          "layers": [
            { "type": "conv2d", "in_channels": 2, "out_channels": 8, "kernel": 3, "padding": 1, "threshold": 0.3 },
            { "type": "avgpool2d", "kernel": 2 },
            { "type": "flatten" },
            { "type": "dropout", "p": 0.2 },
            { "type": "linear-rec", "in_features": 512, "out_features": 24, "threshold": 0.3 },
            { "type": "readout-leaky", "in_features": 24, "out_features": 4, "leak": 5 } ] }
        """;

    // A max pool of event counts (graded) runs on the host.
    private const string PoolFirst = """
        { "name": "pool-first", "input_shape": [2, 16, 16], "classes": 4, "time_steps": 8,
          "layers": [
            { "type": "maxpool2d", "kernel": 2 },
            { "type": "conv2d", "in_channels": 2, "out_channels": 4, "kernel": 3, "padding": 1, "threshold": 0.3 },
            { "type": "global-avgpool" },
            { "type": "readout-linear", "in_features": 4, "out_features": 4 } ] }
        """;

    [Theory]
    [InlineData(Mixed)]
    [InlineData(PoolFirst)]
    public void Every_layer_type_maps_learns_and_agrees(string json)
    {
        var spec = SpecReader.Parse(json, "test");
        var mapping = Mapper.Map(spec, SystemCatalog.Load("loihi1"));
        Assert.All(mapping.Layers, l => Assert.False(string.IsNullOrEmpty(l.How)));

        using var learn = Task(spec, 2);
        var report = AcceleratorModel.Run(spec, SystemCatalog.Load("loihi1"), Framer(spec, learn), "patterns", new ModelOptions { Samples = 2 });
        Assert.True(report.LearningCountsPerSample["syn_updates"] > 0);

        using var eval = Task(spec, 4);
        var inference = Mapper.Map(spec, SystemCatalog.Load("loihi1"), new MappingOptions { Learning = false });
        var result = AgreementRun.Compare(inference, Network.Build(spec, new NetworkOptions(1, Learning: false, Seed: 1)), Framer(spec, eval), 4);
        Assert.All(result.IsolatedLayers, l => Assert.True(l.F1 >= 0.97, $"layer {l.Layer}: isolated F1 {l.F1} ({l.ReferenceSpikes} spikes)"));
    }

    [Fact]
    public void The_mixed_network_maps_each_type_as_documented()
    {
        var mapping = Mapper.Map(SpecReader.Parse(Mixed, "mixed"), SystemCatalog.Load("loihi1"));
        Assert.Equal(
            [MappingKind.SpikingNeurons, MappingKind.DendriticFold, MappingKind.Addressing, MappingKind.Addressing, MappingKind.SpikingNeurons,
             MappingKind.NonSpikingCompartments],
            mapping.Layers.Select(l => l.Kind));
        Assert.Equal(4, mapping.Layers[4].FoldDivisor); // the 2×2 average pool's 1/4 lives in the dense layer's weights
        Assert.Equal(24, mapping.Layers[4].Connectivity!.RecurrentInputs);
        var pool = Mapper.Map(SpecReader.Parse(PoolFirst, "pool-first"), SystemCatalog.Load("loihi1"));
        Assert.Equal(MappingKind.Host, pool.Layers[0].Kind);
        Assert.Equal(-1, pool.Layers[1].Producer); // the conv2d is fed by the host
    }

    private static SpikePatternTask Task(NetworkSpec spec, int samples) =>
        new(new SensorGeometry(16, 16), spec.Classes, samples: samples, seed: 11);

    private static SegmentFramer Framer(NetworkSpec spec, SpikePatternTask task) =>
        new(task, new EventBinner(task.Geometry, new BinnerOptions { OutputHeight = 16, OutputWidth = 16 }), spec.TimeSteps);
}
