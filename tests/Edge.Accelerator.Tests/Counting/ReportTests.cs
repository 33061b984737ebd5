using Edge.Accelerator.Chips;
using Edge.Accelerator.Counting;
using Edge.Runtime.Events;
using Edge.Runtime.Online;
using Edge.Runtime.Specs;

namespace Edge.Accelerator.Tests.Counting;

public class ReportTests
{
    private static AcceleratorReport Run(string network, string preset, bool learn, int samples = 1)
    {
        var spec = NetworkCatalog.Load(network);
        var shape = spec.InputShape;
        var flat = shape.Count == 1;
        using var task = new SpikePatternTask(flat ? new SensorGeometry(shape[0], 1) : new SensorGeometry(shape[2], shape[1]), spec.Classes,
            samples: samples, seed: 9, durationUs: 1_000_000);
        var binner = new EventBinner(task.Geometry, flat
            ? new BinnerOptions { OutputHeight = 1, OutputWidth = shape[0], SplitPolarity = false }
            : new BinnerOptions { OutputHeight = shape[1], OutputWidth = shape[2] });
        return AcceleratorModel.Run(spec, SystemCatalog.Load(preset), new SegmentFramer(task, binner, spec.TimeSteps), "patterns",
            new ModelOptions { Samples = samples, Learn = learn });
    }

    [Theory]
    [InlineData("loihi1")]
    [InlineData("loihi1-measured")]
    [InlineData("dense-45nm")]
    public void Every_preset_prices_a_learning_sample_and_lists_what_it_cannot(string preset)
    {
        var r = Run("demo", preset, learn: true);
        Assert.Equal(preset, r.Preset);
        Assert.True(r.EnergyUjPerSample > r.InferenceEnergyUjPerSample && r.InferenceEnergyUjPerSample > 0);
        Assert.Equal(r.EnergyUjPerSample, r.InferenceEnergyUjPerSample + r.LearningEnergyUjPerSample, 9);
        Assert.InRange(r.LearningEnergyShare, 0, 1);
        Assert.True(r.LatencyUsPerStep > 0 && r.LatencyUsPerSample >= r.TimeSteps * r.LatencyUsPerStep);
        Assert.Contains("trace_update_pre", r.Unpriced.Concat(preset == "dense-45nm" ? ["trace_update_pre"] : []));
        Assert.Contains("host_transfer_byte", r.Unpriced);
        Assert.Equal(r.Layers.Sum(l => l.SynopsPerSample), r.SynopsPerSample, 6);
        Assert.Equal(r.CoresUsed, r.Cores.Count);
        if (preset == "dense-45nm")
        {
            // A dense engine evaluates every synapse every step: its synaptic ops are NeuroBench's dense count,
            // plus the OR pools' windows.
            Assert.Equal(r.NeuroBench.SynopsDensePerSample, r.Layers.Where(l => l.Type != "maxpool2d").Sum(l => l.SynopsPerSample), 6);
            Assert.Contains("message", r.Unpriced);
            Assert.Contains("static_power", r.Unpriced);
        }
        else
        {
            Assert.True(r.SynopsPerSample < r.NeuroBench.SynopsDensePerSample / 4); // spikes are sparse
            Assert.True(r.StaticEnergyUjPerSample > 0);
        }
    }

    [Theory]
    [InlineData("nmnist-small")]
    [InlineData("shd-rec")]
    public void The_other_built_in_networks_run_on_loihi1(string network)
    {
        var r = Run(network, "loihi1", learn: true);
        Assert.Equal(1, r.Chips);
        Assert.True(r.EnergyUjPerSample > 0 && r.SynopsPerSample > 0);
        Assert.NotEmpty(r.Rule.Terms);
        Assert.NotEmpty(r.Rule.Inexact);
    }

    [Fact]
    public void Inference_alone_has_no_learning_work()
    {
        var r = Run("demo", "loihi1", learn: false);
        Assert.Equal(0, r.LearningEnergyUjPerSample);
        Assert.Empty(r.LearningCountsPerSample);
        Assert.Equal(0, r.NeuroBench.LearningEpochsPerSample);
        Assert.Empty(r.Rule.Terms);
    }

    [Fact]
    public void Measured_costs_make_messages_dearer_than_Davies_table()
    {
        var davies = Run("demo", "loihi1", learn: false);
        var measured = Run("demo", "loihi1-measured", learn: false);
        Assert.Equal(davies.CountsPerSample["messages"], measured.CountsPerSample["messages"]); // same run, different prices
        Assert.True(measured.InferenceEnergyUjByEvent["message"] > 50 * davies.InferenceEnergyUjByEvent["message"]); // 111 against 1.7 pJ
    }
}
