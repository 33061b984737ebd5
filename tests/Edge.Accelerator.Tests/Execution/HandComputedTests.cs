using Edge.Accelerator.Chips;
using Edge.Accelerator.Counting;
using Edge.Accelerator.Execution;
using Edge.Accelerator.Mapping;
using Edge.Accelerator.Tests.Support;

namespace Edge.Accelerator.Tests.Execution;

/// <summary>
/// The tiny network (<see cref="TinyNetwork"/>) on loihi1, inference, two steps, every number worked out:
/// <code>
/// mapping: layer 0 (linear 2→2) on core 0, layer 1 (readout 2→2) on core 1, both in tile 0: no hops.
///   Every encoding stores 4 entries (16 bits) + 128 bits of axons = 16 bytes; ties keep the first, discrete.
/// hidden: max |W| = 0.5 → scale 255/0.5 = 510, membrane step 1/(510·64) → θ = 0.6·32640 = 19584.
///   weights 0.5 → 255, 0.25 → 127.5 → 128 (half away from zero), −0.5 → −255.
/// step 0, input (1, 0): current = (255, 128)·64 = (16320, 8192); u = current; v = u − θ &lt; 0: no spike.
/// step 1, input (1, 1): current = (383, −127)·64 = (24512, −8128); u = u·2048/4096 + current
///   = (8160 + 24512, 4096 − 8128) = (32672, −4032); neuron 0 fires (32672 &gt; 19584), soft reset to 13088.
/// readout: max |R| = 1 → scale 255: 1 → 255, −0.5 → −127.5 → −128, 0.5 → 128, 0.25 → 63.75 → 64.
///   step 0: no input, v = 0 (idle); step 1: spike of h0: v = (255, −128)·64 → logits (1, −128/255).
/// counts: core 0: synops 2 + 4 = 6, active updates 4, membrane changes 4, 1 spike, 1 message, 3 input spikes;
///   core 1: synops 2, active 2 (step 1), idle 2 (step 0), membrane changes 2, 1 message in; host: 2 reads per step.
/// energy (pJ): synops 8·23.6 = 188.8; active 6·81 = 486; idle 2·52 = 104; message 1·1.7 = 1.7;
///   host ops 4·125 = 500; total 1280.5. Unpriced: input_message, host_transfer_byte, barrier.
/// time (ns): step 0: core 0 = 2·3.5 + 2·8.4 = 23.8 (core 1: 2·5.3 = 10.6) + barrier 113 + host 2·0.0836 = 136.9672;
///   step 1: core 0 = 4·3.5 + 2·8.4 + 1·2.1 = 32.9 (core 1: 2·3.5 + 2·8.4 = 23.8) + 113 + 0.1672 = 146.0672;
///   283.0344 ns in all; static energy 0.816 mW × 2 cores × 283.0344 ns = 461.9121408 pJ.
/// </code>
/// </summary>
public class HandComputedTests
{
    private static (ChipNetwork Chip, ChipCounters Counters) RunTwoSteps()
    {
        var mapping = Mapper.Map(TinyNetwork.Spec, SystemCatalog.Load("loihi1"), new MappingOptions { Learning = false });
        var chip = ChipNetwork.Create(mapping, TinyNetwork.Build(), learning: false);
        chip.ResetState(training: false);
        chip.Step([1f, 0f]);
        chip.Counters.EndStep();
        chip.Step([1f, 1f]);
        chip.Counters.EndStep();
        chip.Counters.Samples = 1;
        return (chip, chip.Counters);
    }

    [Fact]
    public void Mapping_places_each_layer_on_one_core_of_tile_zero()
    {
        var mapping = Mapper.Map(TinyNetwork.Spec, SystemCatalog.Load("loihi1"), new MappingOptions { Learning = false });
        Assert.Equal(2, mapping.CoresUsed);
        Assert.Equal(1, mapping.ChipsUsed);
        Assert.Equal(1, mapping.TilesUsed);
        Assert.All(mapping.Cores, c => Assert.Equal(16, c.MemoryBytes));
        Assert.Equal("discrete", mapping.Layers[0].Encoding!.Name);
        Assert.Equal(2, mapping.Cores[0].FanInAxons);
        Assert.Equal(2, mapping.Cores[0].FanOutAxons); // 2 neurons × 1 destination core, discrete axons
        Assert.Equal(0, mapping.Cores[1].FanOutAxons);
    }

    [Fact]
    public void Membranes_spikes_and_logits_are_the_worked_integers()
    {
        var (chip, _) = RunTwoSteps();
        var hidden = (LifStage)chip.Stages[0];
        Assert.Equal(510, hidden.Scale, 9);
        Assert.Equal(19584, hidden.Threshold);
        Assert.Equal(new short[] { 255, 128, 128, -255 }, hidden.Weights.Values);
        Assert.Equal(new[] { 13088, -4032 }, hidden.Membrane.ToArray());
        Assert.Equal(new[] { 1, 0 }, chip.OutputOf(0).ToArray());
        Assert.Equal(new[] { 255 * 64, -128 * 64 }, chip.OutputOf(1).ToArray());
        Assert.Equal(1f, chip.Logits[0], 6);
        Assert.Equal(-128f / 255f, chip.Logits[1], 6);
    }

    [Fact]
    public void Every_count_is_the_worked_count()
    {
        var (_, c) = RunTwoSteps();
        var i = Phase.Inference;
        Assert.Equal(6, c.Total(i, Counter.Synops, 0));
        Assert.Equal(2, c.Total(i, Counter.Synops, 1));
        Assert.Equal(4, c.Total(i, Counter.NeuronUpdatesActive, 0));
        Assert.Equal(0, c.Total(i, Counter.NeuronUpdatesIdle, 0));
        Assert.Equal(2, c.Total(i, Counter.NeuronUpdatesActive, 1));
        Assert.Equal(2, c.Total(i, Counter.NeuronUpdatesIdle, 1));
        Assert.Equal(4, c.Total(i, Counter.MembraneUpdates, 0));
        Assert.Equal(2, c.Total(i, Counter.MembraneUpdates, 1));
        Assert.Equal(1, c.Total(i, Counter.Spikes, 0));
        Assert.Equal(1, c.Total(i, Counter.Messages, 0));
        Assert.Equal(1, c.Total(i, Counter.MessagesIn, 1));
        Assert.Equal(3, c.Total(i, Counter.InputMessages, 0));
        Assert.Equal(0, c.Total(i, Counter.HopsEastWest) + c.Total(i, Counter.HopsNorthSouth) + c.Total(i, Counter.HopsChip));
        Assert.Equal(8, c.Total(i, Counter.EffectiveSynops));
        Assert.Equal(16, c.Total(i, Counter.MemoryReadBytes)); // 8 synops × 2-byte static entries
        Assert.Equal(4, c.HostTotal(i, HostCounter.Ops));
        Assert.Equal(16, c.HostTotal(i, HostCounter.TransferBytes));
        Assert.Equal(0, c.Total(Phase.Learning, Counter.SynUpdates));
    }

    [Fact]
    public void Energy_and_time_are_the_worked_sums()
    {
        var (_, c) = RunTwoSteps();
        var tally = EnergyTally.Of(c);
        Assert.Equal(188.8, tally.Picojoules(Phase.Inference, CostEvent.Synop), 9);
        Assert.Equal(486, tally.Picojoules(Phase.Inference, CostEvent.NeuronUpdateActive), 9);
        Assert.Equal(104, tally.Picojoules(Phase.Inference, CostEvent.NeuronUpdateIdle), 9);
        Assert.Equal(1.7, tally.Picojoules(Phase.Inference, CostEvent.Message), 9);
        Assert.Equal(500, tally.Picojoules(Phase.Inference, CostEvent.HostOp), 9);
        Assert.Equal(1280.5, tally.Picojoules(Phase.Inference), 9);
        Assert.Equal(0, tally.Picojoules(Phase.Learning));
        Assert.Equal(["barrier", "host_transfer_byte", "input_message"], tally.Unpriced.ToArray());
        Assert.Equal(283.0344, c.InferenceNs, 9);
        Assert.Equal(146.0672, c.MaxInferenceStepNs, 9);
    }

    [Fact]
    public void The_report_adds_static_energy_and_lists_the_unpriced()
    {
        var (chip, _) = RunTwoSteps();
        var report = ReportBuilder.Build(chip, "two frames", accuracy: 0);
        Assert.Equal((1280.5 + 461.9121408) / 1e6, report.InferenceEnergyUjPerSample, 12);
        Assert.Equal(461.9121408 / 1e6, report.StaticEnergyUjPerSample, 12);
        Assert.Equal(0, report.LearningEnergyUjPerSample);
        Assert.Equal(283.0344 / 2 / 1e3, report.LatencyUsPerStep, 12);
        Assert.Equal(8, report.SynopsPerSample);
        Assert.Equal(["barrier", "host_transfer_byte", "input_message"], report.Unpriced);
        Assert.Contains("input_message", report.UnpricedLatency);
        // NeuroBench: dense = 4 + 4 synapses × 2 steps; effective ACs (readout, spike input) 2, MACs (host counts) 6.
        Assert.Equal(16, report.NeuroBench.SynopsDensePerSample);
        Assert.Equal(2, report.NeuroBench.EffectiveAcsPerSample);
        Assert.Equal(6, report.NeuroBench.EffectiveMacsPerSample);
        Assert.Equal(1 - (1.0 / 4), report.NeuroBench.ActivationSparsity, 12); // 1 spike in 2 neurons × 2 steps
    }
}
