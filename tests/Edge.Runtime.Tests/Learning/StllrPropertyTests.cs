using Edge.Runtime.Layers;
using Edge.Runtime.Learning.Stllr;
using Edge.Runtime.Specs;

namespace Edge.Runtime.Tests.Learning;

/// <summary>Properties of the S-TLLR modes that have no golden case (learning-rules.md §1.5, §1.8, §5.2).</summary>
public class StllrPropertyTests
{
    private const string SmallNet = """
        {
          "name": "small", "input_shape": [2, 8, 8], "classes": 3, "time_steps": 6, "learn_steps": 6,
          "factors": [0.2, 0.75, -1, 1], "leak": 0, "threshold": 0.6,
          "layers": [
            { "type": "conv2d", "in_channels": 2, "out_channels": 4, "kernel": 3, "padding": 1 },
            { "type": "maxpool2d", "kernel": 2 },
            { "type": "flatten" },
            { "type": "linear", "in_features": 64, "out_features": 12, "psi": "sigmoid-4" },
            { "type": "readout-linear", "in_features": 12, "out_features": 3 }
          ]
        }
        """;

    [Fact]
    public void Online_mode_with_one_learning_step_equals_per_sample_mode()
    {
        var spec = SpecReader.Parse(SmallNet, "small") with { LearnSteps = 1 };
        var perSample = new StllrLearner(Network.Build(spec, new NetworkOptions(Seed: 4)));
        var online = new StllrLearner(Network.Build(spec with { Learning = spec.Learning with { Mode = StllrMode.Online } }, new NetworkOptions(Seed: 4)));
        var inputs = RandomInputs(spec, batch: 1, seed: 11);
        for (var sample = 0; sample < 3; sample++)
        {
            RunSample(perSample, inputs, [1]);
            RunSample(online, inputs, [1]);
        }
        var a = perSample.Network.Parameters();
        var b = online.Network.Parameters();
        for (var i = 0; i < a.Count; i++)
        {
            Assert.Equal(a[i].Parameter.Value, b[i].Parameter.Value);
        }
    }

    [Theory]
    [InlineData(FeedbackMode.Dfa)]
    [InlineData(FeedbackMode.SignDfa)]
    public void Dfa_hidden_signals_carry_no_one_over_batch_while_bp_does(FeedbackMode mode)
    {
        var spec = SpecReader.Parse(SmallNet, "small");
        var single = RandomInputs(spec, batch: 1, seed: 3);
        var doubled = new float[spec.TimeSteps][];
        for (var t = 0; t < spec.TimeSteps; t++)
        {
            doubled[t] = [.. single[t], .. single[t]]; // the same sample twice in one batch
        }

        foreach (var feedback in new[] { FeedbackMode.Bp, mode })
        {
            var s = spec with { Learning = spec.Learning with { Feedback = feedback } };
            var one = new StllrLearner(Network.Build(s, new NetworkOptions(1, Seed: 8)));
            var two = new StllrLearner(Network.Build(s, new NetworkOptions(2, Seed: 8)));
            Accumulate(one, single, [2]);
            Accumulate(two, doubled, [2, 2]);
            foreach (var (layer, expectedRatio) in new[] { (0, feedback == FeedbackMode.Bp ? 1f : 2f), (3, feedback == FeedbackMode.Bp ? 1f : 2f), (4, 1f) })
            {
                var g1 = one.Network.Layers[layer].Parameters[0].Grad!;
                var g2 = two.Network.Layers[layer].Parameters[0].Grad!;
                Assert.Contains(g1, v => v != 0f);
                for (var i = 0; i < g1.Length; i++)
                {
                    Assert.Equal(expectedRatio * g1[i], g2[i], 1e-5f + (1e-4f * MathF.Abs(g2[i])));
                }
            }
        }
    }

    [Fact]
    public void A_dropout_mask_is_fixed_for_a_sample_with_kept_entries_exactly_one()
    {
        var json = SmallNet.Replace("\"threshold\": 0.6,", "\"threshold\": 0.6, \"dropout\": 0.3,", StringComparison.Ordinal);
        var spec = SpecReader.Parse(json, "small");
        var learner = new StllrLearner(Network.Build(spec, new NetworkOptions(Seed: 2)));
        var dropout = learner.Network.Layers.OfType<Dropout>().First();
        var inputs = RandomInputs(spec, 1, 5);
        learner.BeginSample([0]);
        var first = dropout.Mask.ToArray();
        for (var t = 0; t < spec.TimeSteps; t++)
        {
            learner.Step(inputs[t], t);
            Assert.Equal(first, dropout.Mask.ToArray());
        }
        learner.EndSample();
        Assert.All(first, v => Assert.True(v is 0f or 1f));
        var dropped = first.Count(v => v == 0f) / (double)first.Length;
        Assert.InRange(dropped, 0.15, 0.45);
        learner.BeginSample([0]);
        Assert.NotEqual(first, dropout.Mask.ToArray());
    }

    /// <summary>
    /// OTTT (Xiao et al. 2022): ∇W = Σ_t (∂L[t]/∂u[t]) ⊗ â[t] with â[t] = λ·â[t−1] + x[t] and the
    /// instantaneous surrogate backward. S-TLLR with α_post = 0, λ_pre = γ and Ψ = the surrogate
    /// derivative computes the same gradient; here it is checked against a direct float64 OTTT.
    /// </summary>
    [Fact]
    public void Stllr_with_no_noncausal_term_and_trace_decay_equal_to_the_leak_is_ottt()
    {
        const int nIn = 7, nOut = 5, steps = 9;
        const float gamma = 0.5f, theta = 0.6f;
        var layer = new LayerSpec
        {
            Kind = LayerKind.Linear, In = nIn, Out = nOut, Decay = gamma, Threshold = theta, Psi = PsiKind.Sigmoid4,
            Factors = new StllrFactors(LambdaPost: 0.2f, LambdaPre: gamma, AlphaPost: 0f, AlphaPre: 1f), Standardize = false,
        };
        var spec = new NetworkSpec
        {
            Name = "ottt", InputShape = [nIn], Classes = nOut, Layers = [layer], Shapes = [TensorShape.Vector(nOut)],
            TimeSteps = steps, LearnSteps = steps,
        };
        var learner = new StllrLearner(Network.Build(spec, new NetworkOptions(Seed: 3)));
        var lif = (LifLayer)learner.Network.Layers[0];
        var rng = new Rng(21);
        var x = new float[steps][];
        var l = new float[steps][];
        for (var t = 0; t < steps; t++)
        {
            x[t] = [.. Enumerable.Range(0, nIn).Select(_ => rng.NextDouble() < 0.4 ? 1f : 0f)];
            l[t] = [.. Enumerable.Range(0, nOut).Select(_ => (float)rng.NextNormal())];
        }

        learner.BeginSample([0]);
        for (var t = 0; t < steps; t++)
        {
            learner.Forward(x[t], backwardFollows: true);
            learner.Backward(l[t]);
        }

        // Direct OTTT in float64: W stored [out, in].
        var w = new double[nOut, nIn];
        var export = new float[nOut * nIn];
        lif.Synapse.Weight.Export(export);
        for (var i = 0; i < nOut; i++)
        {
            for (var j = 0; j < nIn; j++)
            {
                w[i, j] = export[(i * nIn) + j];
            }
        }
        var u = new double[nOut];
        var trace = new double[nIn];
        var grad = new double[nOut, nIn];
        for (var t = 0; t < steps; t++)
        {
            for (var j = 0; j < nIn; j++)
            {
                trace[j] = (gamma * trace[j]) + x[t][j];
            }
            for (var i = 0; i < nOut; i++)
            {
                var a = 0.0;
                for (var j = 0; j < nIn; j++)
                {
                    a += w[i, j] * x[t][j];
                }
                var m = (gamma * u[i]) + a;
                var sig = 1.0 / (1.0 + Math.Exp(-4 * (m - theta)));
                var dudL = l[t][i] * 4 * sig * (1 - sig);
                for (var j = 0; j < nIn; j++)
                {
                    grad[i, j] += dudL * trace[j];
                }
                u[i] = m > theta ? m - theta : m;
            }
        }
        var actual = new float[nOut * nIn];
        lif.Synapse.Weight.ExportGrad(actual);
        for (var i = 0; i < nOut; i++)
        {
            for (var j = 0; j < nIn; j++)
            {
                Assert.Equal(grad[i, j], actual[(i * nIn) + j], 1e-4);
            }
        }
    }

    private static float[][] RandomInputs(NetworkSpec spec, int batch, ulong seed)
    {
        var rng = new Rng(seed);
        var inputs = new float[spec.TimeSteps][];
        for (var t = 0; t < spec.TimeSteps; t++)
        {
            inputs[t] = [.. Enumerable.Range(0, batch * spec.InputSize).Select(_ => rng.NextDouble() < 0.3 ? 1f : 0f)];
        }
        return inputs;
    }

    private static void RunSample(StllrLearner learner, float[][] inputs, int[] labels)
    {
        learner.BeginSample(labels);
        for (var t = 0; t < inputs.Length; t++)
        {
            learner.Step(inputs[t], t);
        }
        learner.EndSample();
    }

    private static void Accumulate(StllrLearner learner, float[][] inputs, int[] labels)
    {
        learner.BeginSample(labels);
        for (var t = 0; t < inputs.Length; t++)
        {
            learner.Step(inputs[t], t);
        }
    }
}
