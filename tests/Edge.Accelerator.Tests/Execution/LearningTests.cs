using Edge.Accelerator.Chips;
using Edge.Accelerator.Counting;
using Edge.Accelerator.Execution;
using Edge.Accelerator.Mapping;
using Edge.Accelerator.Tests.Support;
using Edge.Runtime.Learning.Stllr;
using Edge.Runtime;
using Edge.Runtime.Events;
using Edge.Runtime.Layers;
using Edge.Runtime.Learning;
using Edge.Runtime.Online;
using Edge.Runtime.Specs;
using Edge.Sim.Tasks;
using Xunit.Abstractions;

namespace Edge.Accelerator.Tests.Execution;

public class LearningTests(ITestOutputHelper output)
{
    [Fact]
    public void The_engine_accumulates_the_S_TLLR_gradient_of_the_CPU_runtime()
    {
        // One sample of the motion task through the CPU learner and the chip learner from the same
        // weights; compare ∂/∂W_eff of every spiking layer before any update (quantised traces, 8-bit
        // learning signal, stochastically rounded 16-bit accumulators against float32).
        var spec = NetworkCatalog.Load("demo");
        using var a = TaskCatalog.Create("motion", new TaskOptions { Samples = 2, Seed = 4 });
        using var b = TaskCatalog.Create("motion", new TaskOptions { Samples = 2, Seed = 4 });
        spec = spec.WithClasses(a.ClassCount);
        var cpu = Network.Build(spec, new NetworkOptions(1, Learning: true, Seed: 3));
        var chip = ChipNetwork.Create(Mapper.Map(spec, SystemCatalog.Load("loihi1")), cpu, learning: true);
        var learner = new StllrLearner(cpu);
        var chipLearner = new ChipLearner(chip);
        var fa = new SegmentFramer(a, Binner(a), spec.TimeSteps);
        var fb = new SegmentFramer(b, Binner(b), spec.TimeSteps);
        Assert.True(fa.MoveNext() && fb.MoveNext());
        var error = new float[spec.Classes];
        var expectedReadout = new float[128 * spec.Classes];
        learner.BeginSample([fa.Current.Label]);
        chipLearner.BeginSample([fb.Current.Label]);
        for (var t = 0; t < spec.TimeSteps; t++)
        {
            fa.NextFrame();
            fb.NextFrame();
            learner.Step(fa.Frame, t);
            chipLearner.Step(fb.Frame, t);
            if (chipLearner.LearnsAt(t))
            {
                // The readout's exact gradient for the chip's own hidden spikes and logits: (softmax − onehot) ⊗ h.
                CrossEntropy.LossAndGradient(chip.Logits, [fb.Current.Label], spec.Classes, 1f, error);
                var h = chip.OutputOf(5);
                for (var j = 0; j < h.Length; j++)
                {
                    for (var k = 0; k < spec.Classes; k++)
                    {
                        expectedReadout[(j * spec.Classes) + k] += h[j] * error[k];
                    }
                }
            }
        }
        foreach (var stage in chip.Stages)
        {
            if (stage is LifStage lif)
            {
                var host = (LifLayer)chip.Host.Layers[stage.Index];
                lif.Drain(host);
                var cosine = Cosine(((LifLayer)cpu.Layers[stage.Index]).Synapse.EffectiveGrad!, host.Synapse.EffectiveGrad!);
                output.WriteLine($"layer {stage.Index}: cosine {cosine:0.0000}");
                Assert.True(cosine > 0.9, $"layer {stage.Index}: cosine {cosine}");
            }
            else if (stage is CompartmentStage readout)
            {
                var host = (ReadoutLinear)chip.Host.Layers[stage.Index];
                readout.Drain(host);
                // A readout's gradient is an outer product with the few hidden spikes, so it follows the chip's own spikes
                // (which differ from the CPU's by a spike or two a step): compare with the exact gradient of those.
                var cosine = Cosine(expectedReadout, host.Weights.EffectiveGrad!);
                output.WriteLine($"readout: cosine {cosine:0.0000} (against the CPU's: {Cosine(((ReadoutLinear)cpu.Layers[stage.Index]).Weights.EffectiveGrad!, host.Weights.EffectiveGrad!):0.0000})");
                Assert.True(cosine > 0.99, $"readout: cosine {cosine}");
            }
        }
    }

    [Fact]
    public void Learning_on_the_chip_updates_the_weights_and_counts_its_work()
    {
        var spec = NetworkCatalog.Load("demo");
        using var task = new SpikePatternTask(new SensorGeometry(32, 32), spec.Classes, samples: 3, seed: 2);
        var report = AcceleratorModel.Run(spec, SystemCatalog.Load("loihi1"), new SegmentFramer(task, Binner(task), spec.TimeSteps), "patterns",
            new ModelOptions { Samples = 3 });
        var l = report.LearningCountsPerSample;
        Assert.True(l["syn_updates"] > 0 && l["syn_update_terms"] >= l["syn_updates"] && l["syn_update_terms"] <= 2 * l["syn_updates"]);
        Assert.True(l["syn_updates"] <= l["syn_updates_dense"]);
        Assert.True(l["trace_updates_pre"] > 0 && l["trace_updates_post"] > 0 && l["learning_signal_messages"] > 0 && l["feedback_synops"] > 0);
        Assert.True(l["host_ops"] > 0 && l["host_write_words"] > 0 && l["host_read_words"] > 0);
        Assert.InRange(report.LearningEnergyShare, 0.01, 0.999);
        Assert.True(report.LearningLatencyUsPerStep > report.LatencyUsPerStep);
        Assert.Equal(0, report.SaturationsPerSample);
        Assert.True(report.Bptt.EnergyRatio > 1); // T = 20, T_l = 5: BPTT's backward runs 4× as often and its history leaves the chip
        Assert.True(report.Bptt.BpttHistoryBytes > 10 * report.Bptt.StllrLearningStateBytes);
        Assert.Contains(report.Rule.Terms, t => t.Contains("(-1)·x0·y1·y2 + (1)·x1·y2·y3", StringComparison.Ordinal));
    }

    [Fact]
    public void The_host_update_changes_the_chips_weights()
    {
        var chip = ChipNetwork.Create(Mapper.Map(TinyNetwork.Spec, SystemCatalog.Load("loihi1")), TinyNetwork.Build(), learning: true);
        var before = ((LifStage)chip.Stages[0]).Weights.Values.ToArray();
        var learner = new ChipLearner(chip);
        learner.BeginSample([1]);
        learner.Step([1f, 1f], 0);
        learner.Step([1f, 1f], 1);
        learner.EndSample();
        Assert.NotEqual(before, ((LifStage)chip.Stages[0]).Weights.Values);
        Assert.True(chip.Counters.UpdateNs > 0);
        Assert.True(chip.Counters.Total(Phase.Learning, Counter.HostWriteWords) > 0);
    }

    [Fact]
    public void A_readout_on_the_host_learns_there()
    {
        var spec = NetworkCatalog.Load("nmnist-small");
        using var task = new SpikePatternTask(new SensorGeometry(34, 34), spec.Classes, samples: 2, seed: 2);
        var report = AcceleratorModel.Run(spec, SystemCatalog.Load("loihi1"), new SegmentFramer(task, Binner(task, 34), spec.TimeSteps), "patterns",
            new ModelOptions { Samples = 2, Mapping = new MappingOptions { ReadoutOnHost = true } });
        var readout = report.Layers[^1];
        Assert.Equal("host", readout.Mapping);
        Assert.Equal(0, readout.Cores);
        Assert.True(readout.HostOpsPerSample > 0);
        Assert.True(report.CountsPerSample["host_transfer_bytes"] > 0); // the last layer's spikes leave the chip
    }

    [Fact]
    public void Learning_signals_and_rules_the_model_does_not_run_are_refused()
    {
        var spec = TinyNetwork.Spec;
        var dfa = spec with { Learning = spec.Learning with { Feedback = FeedbackMode.Dfa } };
        var ex = Assert.Throws<SpecException>(() => new ChipLearner(ChipNetwork.Create(Mapper.Map(dfa, SystemCatalog.Load("loihi1")), Network.Build(dfa), true)));
        Assert.Equal("$.learning.feedback", ex.JsonPath);
        var bptt = spec with { Learning = spec.Learning with { Rule = "bptt" } };
        Assert.Throws<SpecException>(() => new ChipLearner(ChipNetwork.Create(Mapper.Map(bptt, SystemCatalog.Load("loihi1")), Network.Build(bptt), true)));
    }

    [Fact]
    public void Thousands_of_learning_steps_on_the_chip_allocate_nothing()
    {
        var spec = NetworkCatalog.Load("demo");
        using var task = new SpikePatternTask(new SensorGeometry(32, 32), spec.Classes, seed: 5);
        var chip = ChipNetwork.Create(Mapper.Map(spec, SystemCatalog.Load("loihi1")), Network.Build(spec), learning: true);
        var trainer = ChipLoop.For(chip, new SegmentFramer(task, Binner(task), spec.TimeSteps));
        Assert.True(trainer.Next(out _)); // warm-up sample
        var before = GC.GetAllocatedBytesForCurrentThread();
        var steps = 0L;
        while (steps < 2_000)
        {
            Assert.True(trainer.Next(out _));
            steps += spec.TimeSteps;
        }
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated == 0, $"{allocated} bytes allocated over {steps} steps");
    }

    private static EventBinner Binner(ILabelledEventSource source, int size = 32) =>
        new(source.Geometry, new BinnerOptions { OutputHeight = size, OutputWidth = size });

    private static double Cosine(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        double dot = 0, na = 0, nb = 0;
        for (var i = 0; i < a.Length; i++)
        {
            dot += a[i] * (double)b[i];
            na += a[i] * (double)a[i];
            nb += b[i] * (double)b[i];
        }
        return dot / Math.Sqrt(na * nb);
    }
}
