using Edge.Runtime.Learning;
using Edge.Runtime.Learning.Rules;
using Edge.Runtime.Specs;
using static Edge.Runtime.Tests.Rules.RuleTestNetworks;

namespace Edge.Runtime.Tests.Rules;

/// <summary>TTL-BPTT: windows of K steps, local blocks with auxiliary classifiers, early updates.</summary>
public class TruncatedLocalTests
{
    [Fact]
    public void One_window_of_t_steps_and_one_block_is_bptt()
    {
        var spec = WithOptions(Spec(Conv), new RuleOptions { Truncation = 6, BlockSize = 99 });
        var ttl = LearnerFactory.Create(spec, new NetworkOptions(Seed: 2), "ttl-bptt");
        var bptt = LearnerFactory.Create(spec, new NetworkOptions(Seed: 2), "bptt");
        Assert.Single(((ThroughTimeLearner)ttl).Blocks);
        for (var sample = 0; sample < 2; sample++)
        {
            var inputs = Inputs(spec, spec.TimeSteps, 1, (ulong)(40 + sample), density: 0.3);
            RunSample(ttl, inputs, [sample]);
            RunSample(bptt, inputs, [sample]);
        }
        var a = Snapshot(bptt.Network);
        foreach (var (name, values) in Snapshot(ttl.Network))
        {
            Assert.Equal(a[name], values);
        }
    }

    [Fact]
    public void Blocks_end_after_their_spiking_layers_and_the_pools_that_follow()
    {
        var demo = NetworkCatalog.Load("demo");
        var two = (ThroughTimeLearner)LearnerFactory.Create(WithOptions(demo, new RuleOptions { BlockSize = 2 }), new NetworkOptions(), "ttl-bptt");
        Assert.Equal([(0, 3), (4, 6)], two.Blocks);
        var one = (ThroughTimeLearner)LearnerFactory.Create(WithOptions(demo, new RuleOptions { BlockSize = 1 }), new NetworkOptions(), "ttl-bptt");
        Assert.Equal([(0, 1), (2, 3), (4, 5), (6, 6)], one.Blocks);
    }

    [Fact]
    public void The_update_comes_as_soon_as_a_window_ends()
    {
        var spec = WithOptions(Spec(Conv), new RuleOptions { Truncation = 2, BlockSize = 1 });
        var learner = LearnerFactory.Create(spec, new NetworkOptions(Seed: 3), "ttl-bptt");
        Assert.Equal(2, learner.StepsBeforeUpdate);
        var inputs = Inputs(spec, spec.TimeSteps, 1, 5, density: 0.4);
        learner.BeginSample([1]);
        var start = Snapshot(learner.Network);
        learner.Step(inputs[0], 0);
        Assert.Equal(start["0:weight"], Snapshot(learner.Network)["0:weight"]);
        learner.Step(inputs[1], 1);
        var afterWindow = Snapshot(learner.Network);
        foreach (var name in new[] { "0:weight", "2:weight", "5:weight", "6:bias" })
        {
            Assert.NotEqual(start[name], afterWindow[name]);
        }
    }

    [Fact]
    public void Window_history_does_not_grow_with_t_while_bptt_history_grows_linearly()
    {
        var spec = Spec(Conv);
        long Bytes(string rule, int t) => LearnerFactory.Create(spec, new NetworkOptions(), rule, timeSteps: t).Memory.LearningStateBytes;
        var ttl = WithOptions(spec, new RuleOptions { Truncation = 4 });
        long Ttl(int t) => LearnerFactory.Create(ttl, new NetworkOptions(), "ttl-bptt", timeSteps: t).Memory.LearningStateBytes;

        var perStep = Bytes("bptt", 11) - Bytes("bptt", 10);
        Assert.True(perStep > 0);
        Assert.Equal(90 * perStep, Bytes("bptt", 100) - Bytes("bptt", 10));
        Assert.Equal(Ttl(10), Ttl(100));
        Assert.Equal(Bytes("stllr", 10), Bytes("stllr", 100));
        // Within the window TTL keeps what BPTT keeps, plus the classifiers' feature sums.
        Assert.True(Ttl(10) >= Bytes("bptt", 4));
    }

    private static NetworkSpec WithOptions(NetworkSpec spec, RuleOptions options) =>
        spec with { Learning = spec.Learning with { RuleOptions = options } };
}
