using Edge.Accelerator.Chips;
using Edge.Accelerator.Counting;
using Edge.Accelerator.Execution;
using Edge.Accelerator.Mapping;
using Edge.Runtime;
using Edge.Runtime.Kernels;
using Edge.Runtime.Layers;
using Edge.Runtime.Specs;

namespace Edge.Accelerator.Tests.Execution;

public class QuantisationTests
{
    [Fact]
    public void The_largest_weight_takes_the_largest_integer_and_halves_round_away_from_zero()
    {
        var q = new QuantizedWeights(6, 3);
        float[] w = [0.5f, -0.25f, 0.125f, 0f, 0.001f, -0.5f];
        var scale = 255 / QuantizedWeights.MaxAbs(w, 1f);
        Assert.Equal(0, q.Load(w, 1f, scale, 255));
        // 0.5·510 = 255; −0.25·510 = −127.5 → −128; 0.125·510 = 63.75 → 64; 0.001·510 = 0.51 → 1.
        Assert.Equal(new short[] { 255, -128, 64, 0, 1, -255 }, q.Values);
        Assert.Equal(1, q.Zeros);
        Assert.Equal([3, 2], q.NonZeroPerRow);
        Assert.Equal(-128 / 510f, q.Dequantized[1]);
    }

    [Fact]
    public void A_fixed_scale_clips_weights_that_outgrow_it_and_counts_them()
    {
        var q = new QuantizedWeights(3, 3);
        Assert.Equal(1, q.Load([1f, -3f, 0.5f], 1f, 255, 255)); // scale chosen for |w| ≤ 1: −3 → −765 clips
        Assert.Equal(new short[] { 255, -255, 128 }, q.Values);
    }

    [Fact]
    public void Stochastic_rounding_is_exact_on_steps_and_unbiased_between_them()
    {
        var r = new StochasticRounder(7);
        Assert.Equal(3, r.Shift(3 << 5, 5));
        Assert.Equal(-3, r.Shift(-3 << 5, 5));
        Assert.Equal(40, r.Shift(5, -3)); // a negative shift is an exact left shift
        double up = 0, down = 0, real = 0;
        const int n = 200_000;
        for (var i = 0; i < n; i++)
        {
            up += r.Shift(5, 4);     // 5/16 = 0.3125
            down += r.Shift(-5, 4);  // −0.3125
            real += r.Round(2.75);
        }
        Assert.InRange(up / n, 0.3125 - 0.005, 0.3125 + 0.005);
        Assert.InRange(down / n, -0.3125 - 0.005, -0.3125 + 0.005);
        Assert.InRange(real / n, 2.75 - 0.005, 2.75 + 0.005);
    }

    [Fact]
    public void Rule_scales_keep_a_four_bit_mantissa()
    {
        Assert.Equal(new EngineScale(1, 0, 1), EngineScale.From(1, 4));
        Assert.Equal(new EngineScale(-1, 0, -1), EngineScale.From(-1, 4));
        Assert.Equal(new EngineScale(1, -6, 1.0 / 64), EngineScale.From(1.0 / 64, 4));
        var fifth = EngineScale.From(0.2, 4); // 0.2 = 6.4·2^−5 → 6·2^−5 = 3·2^−4 = 0.1875
        Assert.Equal((3, -4), (fifth.Mantissa, fifth.Exponent));
        Assert.Equal(0.0625, fifth.Error, 9);
        Assert.Equal(0, EngineScale.From(0, 4).Value);
    }

    [Fact]
    public void Trace_units_are_the_largest_power_of_two_that_fits_seven_bits()
    {
        var spikes = TraceFormat.For(0.75, 1, 20, 7, 8);   // trace ≤ 1/(1 − 0.75) = 4 → 127/4 = 31.75 → 16
        Assert.Equal(4, spikes.UnitBits);
        Assert.Equal(192, spikes.Decay);
        var counts = TraceFormat.For(0.75, 4, 20, 7, 8);   // ≤ 16 → 7.9 → 4
        Assert.Equal(2, counts.UnitBits);
        var sum = TraceFormat.For(1, 1, 100, 7, 8);        // no decay: up to 100 spikes → 1 per spike
        Assert.Equal(0, sum.UnitBits);
        Assert.Equal(51 / 256.0, TraceFormat.For(0.2, 0.3, 20, 7, 8).Lambda, 12); // 0.2 → 51/256
        Assert.Equal(127, spikes.Quantize(100, 127));
    }

    [Fact]
    public void Membranes_and_dendritic_sums_saturate_at_24_bits_and_are_counted()
    {
        var spec = SpecReader.Parse("""
            { "name": "one", "input_shape": [1], "classes": 1, "standardize": false,
              "layers": [ { "type": "linear", "in_features": 1, "out_features": 1, "bias": false, "decay": 1, "threshold": 1000 },
                          { "type": "readout-linear", "in_features": 1, "out_features": 1, "bias": false } ] }
            """, "one");
        var source = Network.Build(spec, new NetworkOptions(1, Learning: false));
        ((LifLinear)source.Layers[0]).Synapse.Weight.Value[0] = 1f;
        source.RefreshWeights();
        var chip = ChipNetwork.Create(Mapper.Map(spec, SystemCatalog.Load("loihi1"), new MappingOptions { Learning = false }), source, learning: false);
        chip.ResetState(training: false);
        // Weight 1 → 255, threshold 1000 → 1000·255·64 = 16,320,000 > 2^23 − 1 = 8,388,607: the neuron can never fire.
        // 600 input spikes add 600·255·64 = 9,792,000 in one step: the dendritic sum clips at 8,388,607.
        chip.Step([600f]);
        chip.Counters.EndStep();
        var lif = (LifStage)chip.Stages[0];
        Assert.Equal((1 << 23) - 1, lif.Membrane[0]);
        Assert.Equal(0, chip.OutputOf(0)[0]);
        Assert.True(chip.Counters.Total(Phase.Inference, Counter.Saturations) >= 1);
        // Decay 1 keeps the membrane; more input stays clipped.
        chip.Step([1f]);
        Assert.Equal((1 << 23) - 1, lif.Membrane[0]);
    }

    [Fact]
    public void A_threshold_crossing_is_strict_as_on_the_cpu()
    {
        // u − θ > 0 fires; u = θ does not: with weight 0.6 → 255 and θ 0.6 → 0.6·425·64 = 16320 = 255·64.
        var spec = SpecReader.Parse("""
            { "name": "edge", "input_shape": [1], "classes": 1, "standardize": false,
              "layers": [ { "type": "linear", "in_features": 1, "out_features": 1, "bias": false, "decay": 0.5 },
                          { "type": "readout-linear", "in_features": 1, "out_features": 1, "bias": false } ] }
            """, "edge");
        var source = Network.Build(spec, new NetworkOptions(1, Learning: false));
        ((LifLinear)source.Layers[0]).Synapse.Weight.Value[0] = 0.6f;
        source.RefreshWeights();
        var chip = ChipNetwork.Create(Mapper.Map(spec, SystemCatalog.Load("loihi1"), new MappingOptions { Learning = false }), source, learning: false);
        chip.ResetState(training: false);
        chip.Step([1f]);
        Assert.Equal(((LifStage)chip.Stages[0]).Threshold, ((LifStage)chip.Stages[0]).Membrane[0]);
        Assert.Equal(0, chip.OutputOf(0)[0]);
        Assert.Equal(0f, source.Step([1f], training: false)[0] * 0 + source.Layers[0].Output[0]); // the CPU agrees: 0.6 − 0.6 = 0 does not fire
        chip.Step([1f]); // u = θ/2 + θ > θ
        Assert.Equal(1, chip.OutputOf(0)[0]);
    }

    [Fact]
    public void Psi_reaches_the_post_trace_through_the_quantised_membrane()
    {
        // Triangle Ψ at v = 0 is 0.3; in 2^8 units (0.3/(1 − 0.2) = 0.375 → 127/0.375 = 338 → 256) that is 76.8 → 77.
        var format = TraceFormat.For(0.2, 0.3, 20, 7, 8);
        Assert.Equal(8, format.UnitBits);
        Assert.Equal(77, format.Quantize(Psi.Evaluate(PsiKind.Triangle03, 0f), 127));
    }
}
