using Edge.Accelerator.Agreement;
using Edge.Accelerator.Chips;
using Edge.Accelerator.Mapping;
using Edge.Runtime.Learning.Stllr;
using Edge.Runtime;
using Edge.Runtime.Events;
using Edge.Runtime.Online;
using Edge.Runtime.Specs;
using Edge.Sim.Tasks;
using Xunit.Abstractions;

namespace Edge.Accelerator.Tests.Agreement;

/// <summary>
/// The chip model against the CPU runtime on the demo task, measured on spikes: the CPU learns the
/// motion task online first (so that every layer spikes), then both run held-out samples with the same
/// weights.
/// </summary>
public class AgreementTests(ITestOutputHelper output)
{
    [Fact]
    public void On_the_demo_task_every_layer_agrees_on_spikes_and_the_accuracy_within_a_point()
    {
        using var train = TaskCatalog.Create("motion", new TaskOptions { Samples = 120, Seed = 1 });
        var spec = NetworkCatalog.Load("demo").WithClasses(train.ClassCount);
        var cpu = Network.Build(spec, new NetworkOptions(1, Learning: true, Seed: 1));
        var trainer = PrequentialLoop.For(new StllrLearner(cpu), new SegmentFramer(train, Binner(train), spec.TimeSteps));
        while (trainer.Next(out _))
        {
        }
        using var eval = TaskCatalog.Create("motion", new TaskOptions { Samples = 50, Seed = 1001 });
        var mapping = Mapper.Map(spec, SystemCatalog.Load("loihi1"), new MappingOptions { Learning = false });
        var result = AgreementRun.Compare(mapping, cpu, new SegmentFramer(eval, Binner(eval), spec.TimeSteps), 50);

        output.WriteLine($"accuracy CPU {result.ReferenceAccuracy:0.000}, chip {result.ChipAccuracy:0.000}, same prediction {result.PredictionAgreement:0.000}");
        for (var i = 0; i < result.Layers.Count; i++)
        {
            output.WriteLine($"layer {result.Layers[i].Layer} {result.Layers[i].Kind}: F1 isolated {result.IsolatedLayers[i].F1:0.0000}, end to end {result.Layers[i].F1:0.0000}, rate {result.Layers[i].SpikeRate:0.000}");
        }
        Assert.Equal(50, result.Samples);
        Assert.Equal([0, 1, 2, 3, 5], result.Layers.Select(l => l.Layer));
        Assert.All(result.Layers, l => Assert.True(l.SpikeRate > 0.01, $"layer {l.Layer} barely spikes: not a test of agreement"));
        Assert.All(result.IsolatedLayers, l => Assert.True(l.F1 >= 0.99, $"layer {l.Layer}: isolated F1 {l.F1}"));
        Assert.All(result.Layers, l => Assert.True(l.F1 >= 0.9, $"layer {l.Layer}: end-to-end F1 {l.F1}"));
        Assert.True(result.AccuracyGapPoints <= 1.0, $"accuracy CPU {result.ReferenceAccuracy}, chip {result.ChipAccuracy}");
        // The max pools are exact: fed the CPU's spikes they fire exactly when the CPU's do.
        Assert.Equal(1.0, result.IsolatedLayers[1].F1);
        Assert.Equal(1.0, result.IsolatedLayers[3].F1);
    }

    [Fact]
    public void Spike_F1_counts_spikes_not_silence()
    {
        var f1 = new SpikeF1();
        f1.Add([0f, 0f, 0f, 0f], [0, 0, 0, 0]);
        Assert.Equal(1.0, f1.Score); // nothing to disagree on
        f1.Add([1f, 1f, 0f, 0f], [1, 0, 1, 0]);
        Assert.Equal((1, 1, 1, 8L), (f1.Both, f1.OnlyReference, f1.OnlyOther, f1.Compared));
        Assert.Equal(0.5, f1.Score, 12); // 2·1 / (2·1 + 1 + 1), whatever the silent neurons
    }

    private static EventBinner Binner(SimulatedTask source) =>
        new(source.Geometry, new BinnerOptions { OutputHeight = 32, OutputWidth = 32 });
}
