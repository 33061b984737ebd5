using Edge.Runtime.Learning.Stllr;
using Edge.Runtime.Learning;
using Edge.Runtime.Learning.Rules;
using Edge.Runtime.Specs;
using static Edge.Runtime.Tests.Rules.RuleTestNetworks;

namespace Edge.Runtime.Tests.Rules;

public class LearnerFactoryTests
{
    [Fact]
    public void Every_rule_builds_a_learner_on_the_same_spec()
    {
        var spec = Spec(Conv);
        foreach (var rule in LearnerFactory.Rules)
        {
            var learner = LearnerFactory.Create(spec, new NetworkOptions(), rule);
            Assert.Equal(rule, learner.Rule);
            Assert.Equal(spec.TimeSteps, learner.TimeSteps);
            Assert.Equal(rule == "stllr" ? spec.LearnSteps : spec.TimeSteps, learner.LearnSteps);
            Assert.Equal(rule, learner.Network.Spec.Learning.Rule);
            Assert.Equal(spec.Layers.Count, learner.Network.Layers.Count);
        }
    }

    [Fact]
    public void The_spec_rule_field_picks_the_rule_and_the_option_overrides_it()
    {
        var spec = Spec(Conv.Replace("\"layers\"", "\"rule\": \"bptt\", \"layers\"", StringComparison.Ordinal));
        Assert.Equal("bptt", spec.Learning.Rule);
        Assert.IsType<ThroughTimeLearner>(LearnerFactory.Create(spec, new NetworkOptions()));
        Assert.IsType<StllrLearner>(LearnerFactory.Create(spec, new NetworkOptions(), "stllr"));
    }

    [Fact]
    public void An_unknown_rule_is_one_clear_spec_error()
    {
        var ex = Assert.Throws<SpecException>(() => LearnerFactory.Create(Spec(Conv), new NetworkOptions(), "backprop"));
        Assert.Contains("unknown learning rule 'backprop'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("ttl-bptt", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bpsta_runs_the_spec_on_htglif_neurons_and_says_so()
    {
        var prepared = LearnerFactory.Prepare(Spec(Conv), "bpsta");
        Assert.All(prepared.Layers.Where(l => l.IsSpiking), l =>
        {
            Assert.Equal(NeuronModel.Htglif, l.Neuron);
            Assert.Equal(ResetMode.Hard, l.Reset);
        });
        var ex = Assert.Throws<SpecException>(() => LearnerFactory.Create(prepared, new NetworkOptions(), "stllr"));
        Assert.Contains("bpsta", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Neuron_models_and_rule_options_are_read_from_the_spec()
    {
        var json = Conv.Replace("\"layers\"",
            "\"neuron\": { \"model\": \"dual-exp\", \"tau_m\": 10, \"tau_s\": 6, \"tau_grad\": 5.5 }, " +
            "\"rule_options\": { \"truncation\": 3, \"block_size\": 1, \"bptt_avg_pooling\": true, \"bptt_hidden_leak\": 15 }, \"layers\"",
            StringComparison.Ordinal);
        var spec = Spec(json);
        Assert.Equal(NeuronModel.DualExp, spec.Layers[0].Neuron);
        Assert.Equal(new DualExpConstants(10f, 6f, 5.5f), spec.Layers[0].DualExp);
        var options = spec.Learning.RuleOptions;
        Assert.Equal((3, 1, true, 15f), (options.Truncation, options.BlockSize, options.BpttAvgPooling, options.BpttHiddenLeak));

        var bad = Assert.Throws<SpecException>(() => Spec(Conv.Replace("\"layers\"", "\"rule_options\": { \"window\": 3 }, \"layers\"", StringComparison.Ordinal)));
        Assert.Contains("$.rule_options.window", bad.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_official_bptt_quirks_are_options_not_defaults()
    {
        var spec = Spec(Conv);
        var plain = LearnerFactory.Prepare(spec, "bptt");
        Assert.Equal(LayerKind.MaxPool2d, plain.Layers[1].Kind);
        Assert.Equal(spec.Layers[0].Decay, plain.Layers[0].Decay);

        var quirks = spec with
        {
            Learning = spec.Learning with { RuleOptions = new RuleOptions { BpttAvgPooling = true, BpttHiddenLeak = 15f } },
        };
        var official = LearnerFactory.Prepare(quirks, "bptt");
        Assert.Equal(LayerKind.AvgPool2d, official.Layers[1].Kind);
        Assert.Equal(SpecReader.Sigmoid(15f), official.Layers[0].Decay);
        // Only the BPTT baseline has the quirks.
        Assert.Equal(LayerKind.MaxPool2d, LearnerFactory.Prepare(quirks, "stllr").Layers[1].Kind);
    }
}
