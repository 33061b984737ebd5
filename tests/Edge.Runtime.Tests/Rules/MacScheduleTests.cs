using Edge.Runtime.Kernels;
using Edge.Runtime.Learning;
using Edge.Runtime.Learning.Rules;
using Edge.Runtime.Specs;
using static Edge.Runtime.Tests.Rules.RuleTestNetworks;

namespace Edge.Runtime.Tests.Rules;

/// <summary>
/// The MACs <c>edge compare --dry</c> reports come from each learner's schedule; here they must
/// equal what the kernels count while a sample runs, for every rule and S-TLLR signal mode.
/// </summary>
public class MacScheduleTests
{
    public static TheoryData<string, string, string?> Cases()
    {
        var data = new TheoryData<string, string, string?>();
        foreach (var rule in LearnerFactory.Rules)
        {
            data.Add("conv", rule, null);
        }
        foreach (var rule in new[] { "stllr", "bptt", "ttl-bptt", "ottt", "eprop" })
        {
            data.Add("recurrent", rule, null);
        }
        foreach (var feedback in new[] { "DFA", "LocalLoss", "shallow" })
        {
            data.Add("conv", "stllr", feedback);
        }
        data.Add("ttl-short", "ttl-bptt", null);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Scheduled_macs_equal_the_kernel_counts(string network, string rule, string? feedback)
    {
        var json = network switch
        {
            "recurrent" => Recurrent,
            "ttl-short" => Conv.Replace("\"layers\"", "\"rule_options\": { \"truncation\": 4, \"block_size\": 1 }, \"layers\"", StringComparison.Ordinal),
            _ => Conv,
        };
        if (feedback is not null)
        {
            json = json.Replace("\"layers\"", $"\"feedback\": \"{feedback}\", \"layers\"", StringComparison.Ordinal);
        }
        var spec = Spec(json);
        var learner = LearnerFactory.Create(spec, new NetworkOptions(Batch: 2, Seed: 1), rule);
        var inputs = Inputs(spec, spec.TimeSteps, 2, 3, density: 0.3);
        var expected = MacSchedule.PerSample(learner);
        RunSample(learner, inputs, [1, 0]); // warm-up (the event-driven rule calibrates on its first sample)

        MacCounter.Start();
        RunSample(learner, inputs, [0, 1]);
        var counted = MacCounter.Stop();
        Assert.Equal(expected, counted);
        Assert.True(counted.Forward > 0 && counted.WeightUpdate > 0);
    }

    [Fact]
    public void Counting_is_off_unless_started_on_this_thread()
    {
        var spec = Spec(Conv);
        var learner = LearnerFactory.Create(spec, new NetworkOptions(), "bptt");
        var before = MacCounter.Stop();
        RunSample(learner, Inputs(spec, spec.TimeSteps, 1, 1), [0]);
        Assert.Equal(before, MacCounter.Read());
    }

    [Fact]
    public void Bptt_learning_macs_grow_with_t_and_stllr_learning_macs_with_the_signal_steps_only()
    {
        var spec = Spec(Conv) with { LearnSteps = 5 };
        MacCounts Macs(string rule, int t) => MacSchedule.PerSample(LearnerFactory.Create(spec, new NetworkOptions(), rule, timeSteps: t));
        Assert.Equal(2 * Macs("bptt", 10).Learning, Macs("bptt", 20).Learning);
        Assert.Equal(Macs("stllr", 10).Learning, Macs("stllr", 20).Learning);
        Assert.Equal(2 * Macs("stllr", 10).Forward, Macs("stllr", 20).Forward);
    }
}
