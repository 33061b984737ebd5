using Edge.Runtime.Learning;
using Edge.Runtime.Learning.Rules;
using Edge.Runtime.Specs;
using static Edge.Runtime.Tests.Rules.RuleTestNetworks;

namespace Edge.Runtime.Tests.Rules;

/// <summary>OTTT and e-prop (LIF): their relation to S-TLLR and e-prop's filtered eligibility.</summary>
public class OnlineRuleTests
{
    /// <summary>
    /// learning-rules.md §5.2: S-TLLR with α_post = 0, λ_pre = γ (the leak) and Ψ = the surrogate
    /// derivative, learning at every step, is OTTT_A. The OTTT learner keeps its own trace and its
    /// own backward; after a few samples of Adam both networks hold the same parameters bit for bit.
    /// </summary>
    [Fact]
    public void Ottt_equals_stllr_without_the_noncausal_term_and_with_the_leak_as_trace_decay()
    {
        var spec = Spec(Conv) with { LearnSteps = 6 };
        var stllrSpec = WithFactors(spec, alphaPost: 0f, lambdaPreIsDecay: true);
        var stllr = LearnerFactory.Create(stllrSpec, new NetworkOptions(Seed: 9), "stllr");
        var ottt = LearnerFactory.Create(spec, new NetworkOptions(Seed: 9), "ottt");
        Assert.Equal(6, ottt.LearnSteps);
        for (var sample = 0; sample < 3; sample++)
        {
            var inputs = Inputs(spec, spec.TimeSteps, 1, (ulong)(20 + sample), density: 0.3);
            RunSample(stllr, inputs, [sample % 3]);
            RunSample(ottt, inputs, [sample % 3]);
        }
        var a = Snapshot(stllr.Network);
        var b = Snapshot(ottt.Network);
        foreach (var (name, values) in a)
        {
            Assert.Equal(values, b[name]);
        }
        Assert.Equal(stllr.LastLoss, ottt.LastLoss);
    }

    [Fact]
    public void Ottt_state_does_not_grow_with_t_and_holds_no_stllr_traces()
    {
        var spec = Spec(Conv);
        var short_ = LearnerFactory.Create(spec, new NetworkOptions(), "ottt", timeSteps: 5);
        var long_ = LearnerFactory.Create(spec, new NetworkOptions(), "ottt", timeSteps: 50);
        Assert.Equal(short_.Memory.LearningStateBytes, long_.Memory.LearningStateBytes);
        var stllr = LearnerFactory.Create(spec, new NetworkOptions(), "stllr");
        // OTTT: membranes + â per synaptic layer; S-TLLR adds trΨ per spiking layer.
        Assert.True(short_.Memory.LearningStateBytes < stllr.Memory.LearningStateBytes);
    }

    /// <summary>
    /// e-prop's filter κ is the readout's decay: 0 with a stateless readout, where e-prop is OTTT
    /// (the factory says so, and the compare verb leaves its rows out); the readout's decay with a
    /// leaky one, or rule_options.kappa, where it differs and is checked against a float64
    /// reference below.
    /// </summary>
    [Fact]
    public void Eprop_is_ottt_exactly_when_its_filter_is_zero()
    {
        var stateless = Spec(Conv);
        Assert.Equal(0f, OnlineTraceLearner.EpropKappa(stateless));
        Assert.Equal("ottt", LearnerFactory.EquivalentRule(stateless, "eprop"));
        Assert.Equal("ottt", LearnerFactory.EquivalentRule(stateless, "ottt"));
        Assert.Equal("bptt", LearnerFactory.EquivalentRule(stateless, "bptt"));

        var leaky = Spec(Recurrent);
        Assert.Equal(leaky.Layers[^1].Decay, OnlineTraceLearner.EpropKappa(leaky));
        Assert.True(OnlineTraceLearner.EpropKappa(leaky) > 0f);
        Assert.Equal("eprop", LearnerFactory.EquivalentRule(leaky, "eprop"));

        var filtered = Spec(Dense) with { Learning = Spec(Dense).Learning with { RuleOptions = new RuleOptions { Kappa = 0.3f } } };
        Assert.Equal(0.3f, OnlineTraceLearner.EpropKappa(filtered));
        Assert.Equal("eprop", LearnerFactory.EquivalentRule(filtered, "eprop"));
        foreach (var name in NetworkCatalog.Names)
        {
            var spec = NetworkCatalog.Load(name);
            Assert.Equal(spec.Layers[^1].Kind == LayerKind.ReadoutLeaky ? "eprop" : "ottt", LearnerFactory.EquivalentRule(spec, "eprop"));
        }
    }

    /// <summary>
    /// e-prop with a leaky readout (κ = its decay): ΔW = Σ_t L[t] ⊙ ē[t] with
    /// ē[t] = κ·ē[t−1] + (1 − κ)·Ψ[t] ⊗ â[t], L[t] = W_outᵀ(softmax(z[t]) − y), checked in float64.
    /// </summary>
    [Fact]
    public void Eprop_filters_the_eligibility_with_the_readout_decay()
    {
        const string json = """
            {
              "name": "eprop", "input_shape": [5], "classes": 3, "time_steps": 7, "learn_steps": 7,
              "leak": 1, "threshold": 0.6, "standardize": false, "psi": "sigmoid-4",
              "optimizer": { "type": "sgd", "lr": 1, "momentum": 0 },
              "layers": [
                { "type": "linear", "in_features": 5, "out_features": 4 },
                { "type": "readout-leaky", "in_features": 4, "out_features": 3, "leak": 0.5 }
              ]
            }
            """;
        var spec = Spec(json);
        var learner = LearnerFactory.Create(spec, new NetworkOptions(Seed: 3), "eprop");
        var network = learner.Network;
        RandomBiases(network, 8);
        var hidden = network.Layers[0];
        var readout = network.Layers[1];
        double gamma = hidden.Spec.Decay, theta = hidden.Spec.Threshold, kappa = readout.Spec.Decay;
        var w = Matrix(Param(hidden, "weight"));
        var b = Vector(Param(hidden, "bias"));
        var wo = Matrix(Param(readout, "weight"));
        var bo = Vector(Param(readout, "bias"));
        var inputs = Inputs(spec, spec.TimeSteps, 1, 17);
        const int label = 0;

        int nIn = 5, nHid = 4, classes = 3;
        var u = new double[nHid];
        var trace = new double[nIn];
        var e = new double[nHid, nIn];
        var eBias = new double[nHid];
        var uo = new double[classes];
        var traceOut = new double[nHid];
        var gw = new double[nHid, nIn];
        var gb = new double[nHid];
        var gwo = new double[classes, nHid];
        for (var t = 0; t < spec.TimeSteps; t++)
        {
            var x = inputs[t];
            for (var i = 0; i < nIn; i++)
            {
                trace[i] = (gamma * trace[i]) + x[i];
            }
            var s = new double[nHid];
            var psi = new double[nHid];
            for (var o = 0; o < nHid; o++)
            {
                var a = b[o];
                for (var i = 0; i < nIn; i++)
                {
                    a += w[o, i] * x[i];
                }
                var m = (gamma * u[o]) + a;
                var sig = 1 / (1 + Math.Exp(-4 * (m - theta)));
                psi[o] = 4 * sig * (1 - sig);
                s[o] = m - theta > 0 ? 1 : 0;
                u[o] = m - (theta * s[o]);
                for (var i = 0; i < nIn; i++)
                {
                    e[o, i] = (kappa * e[o, i]) + ((1 - kappa) * psi[o] * trace[i]);
                }
                eBias[o] = (kappa * eBias[o]) + ((1 - kappa) * psi[o]);
            }
            for (var j = 0; j < nHid; j++)
            {
                traceOut[j] = (kappa * traceOut[j]) + s[j];
            }
            var z = new double[classes];
            for (var k = 0; k < classes; k++)
            {
                var a = bo[k];
                for (var j = 0; j < nHid; j++)
                {
                    a += wo[k, j] * s[j];
                }
                uo[k] = (kappa * uo[k]) + a;
                z[k] = uo[k];
            }
            var max = z.Max();
            var sum = z.Sum(v => Math.Exp(v - max));
            var l = z.Select((v, k) => (Math.Exp(v - max) / sum) - (k == label ? 1 : 0)).ToArray();
            for (var o = 0; o < nHid; o++)
            {
                var signal = 0.0;
                for (var k = 0; k < classes; k++)
                {
                    signal += wo[k, o] * l[k];
                    gwo[k, o] += l[k] * traceOut[o];
                }
                for (var i = 0; i < nIn; i++)
                {
                    gw[o, i] += signal * e[o, i];
                }
                gb[o] += signal * eBias[o];
            }
        }

        var before = Snapshot(network);
        RunSample(learner, inputs, [label]);
        var after = Snapshot(network);
        Near(gw, Applied(before["0:weight"], after["0:weight"]), "weight");
        Near(gb, Applied(before["0:bias"], after["0:bias"]), "bias");
        Near(gwo, Applied(before["1:weight"], after["1:weight"]), "readout weight");
    }

    [Fact]
    public void Eprop_with_a_leaky_readout_refuses_conv_layers_with_a_clear_message()
    {
        var spec = Spec(Conv.Replace("\"readout-linear\"", "\"readout-leaky\"", StringComparison.Ordinal));
        var ex = Assert.Throws<SpecException>(() => LearnerFactory.Create(spec, new NetworkOptions(), "eprop"));
        Assert.Contains("$.layers[0]", ex.Message, StringComparison.Ordinal);
        Assert.Contains("per synapse", ex.Message, StringComparison.Ordinal);
        var allowed = spec with { Learning = spec.Learning with { RuleOptions = spec.Learning.RuleOptions with { Kappa = 0f } } };
        Assert.Equal("eprop", LearnerFactory.Create(allowed, new NetworkOptions(), "eprop").Rule);
    }

    private static NetworkSpec WithFactors(NetworkSpec spec, float alphaPost, bool lambdaPreIsDecay)
    {
        var layers = spec.Layers.Select(l => l.IsSpiking
            ? l with { Factors = l.Factors with { AlphaPost = alphaPost, LambdaPre = lambdaPreIsDecay ? l.Decay : l.Factors.LambdaPre } }
            : l).ToList();
        return spec with { Layers = layers };
    }
}
