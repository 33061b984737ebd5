using Edge.Runtime.Events;
using Edge.Runtime.Learning;
using Edge.Runtime.Online;
using Edge.Runtime.Specs;
using Edge.TestSupport;

namespace Edge.Runtime.Tests.Rules;

/// <summary>
/// Every rule's steady state allocates nothing: event source → binner → network step → the rule's
/// learning and update, measured over thousands of steps after a warm-up sample, on one thread.
/// </summary>
public class RuleAllocationTests
{
    public static TheoryData<string> Rules()
    {
        var data = new TheoryData<string>();
        foreach (var rule in LearnerFactory.Rules)
        {
            data.Add(rule);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Rules))]
    public void Conv_learning_allocates_nothing(string rule)
    {
        var spec = NetworkCatalog.Load("demo");
        using var task = new SpikePatternTask(new SensorGeometry(32, 32), classes: spec.Classes, seed: 5);
        var binner = new EventBinner(task.Geometry, new BinnerOptions { OutputWidth = 32, OutputHeight = 32 });
        AssertNoAllocation(spec, rule, task, binner, minimumSteps: 2_000);
    }

    [Theory]
    [InlineData("bptt")]
    [InlineData("ttl-bptt")]
    [InlineData("ottt")]
    [InlineData("eprop")]
    public void Recurrent_learning_allocates_nothing(string rule)
    {
        var spec = NetworkCatalog.Load("shd-rec");
        using var task = new SpikePatternTask(new SensorGeometry(700, 1), classes: spec.Classes, seed: 6, durationUs: 1_000_000);
        var binner = new EventBinner(task.Geometry, new BinnerOptions { OutputWidth = 700, OutputHeight = 1, SplitPolarity = false });
        AssertNoAllocation(spec, rule, task, binner, minimumSteps: 1_000);
    }

    private static void AssertNoAllocation(NetworkSpec spec, string rule, ILabelledEventSource task, EventBinner binner, int minimumSteps)
    {
        var steps = 0L;
        var allocated = Allocations.Least(
            () =>
            {
                var learner = LearnerFactory.Create(spec, new NetworkOptions(1, Learning: true, Seed: 2), rule);
                var trainer = PrequentialLoop.For(learner, new SegmentFramer(task, binner, spec.TimeSteps));
                Assert.True(trainer.Next(out _)); // warm-up sample
                return trainer;
            },
            trainer =>
            {
                for (steps = 0; steps < minimumSteps; steps += spec.TimeSteps)
                {
                    Assert.True(trainer.Next(out _));
                }
            });
        Assert.True(allocated == 0, $"{rule}: {allocated} bytes allocated over {steps} steps");
    }
}
