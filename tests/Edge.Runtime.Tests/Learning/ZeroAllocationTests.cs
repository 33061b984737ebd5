using Edge.Runtime.Events;
using Edge.Runtime.Learning.Stllr;
using Edge.Runtime.Online;
using Edge.Runtime.Specs;
using Edge.TestSupport;

namespace Edge.Runtime.Tests.Learning;

/// <summary>
/// The measured region is the whole pipeline — event source → binner → network step → S-TLLR
/// learning → optimizer step — after one warm-up sample. Single-threaded, so the current thread's
/// allocation counter sees everything.
/// </summary>
public class ZeroAllocationTests
{
    [Fact]
    public void Ten_thousand_steps_of_conv_learning_allocate_nothing()
    {
        var spec = NetworkCatalog.Load("demo");
        using var task = new SpikePatternTask(new SensorGeometry(32, 32), classes: spec.Classes, seed: 5);
        var binner = new EventBinner(task.Geometry, new BinnerOptions { OutputWidth = 32, OutputHeight = 32 });
        AssertNoAllocation(spec, task, binner, minimumSteps: 10_000);
    }

    [Fact]
    public void Ten_thousand_steps_of_recurrent_learning_allocate_nothing()
    {
        var spec = NetworkCatalog.Load("shd-rec");
        using var task = new SpikePatternTask(new SensorGeometry(700, 1), classes: spec.Classes, seed: 6, durationUs: 1_000_000);
        var binner = new EventBinner(task.Geometry, new BinnerOptions { OutputWidth = 700, OutputHeight = 1, SplitPolarity = false });
        AssertNoAllocation(spec, task, binner, minimumSteps: 10_000);
    }

    [Fact]
    public void Ten_thousand_steps_of_nmnist_small_learning_allocate_nothing()
    {
        var spec = NetworkCatalog.Load("nmnist-small");
        using var task = new SpikePatternTask(new SensorGeometry(34, 34), classes: spec.Classes, seed: 8);
        var binner = new EventBinner(task.Geometry, new BinnerOptions { OutputWidth = 34, OutputHeight = 34 });
        AssertNoAllocation(spec, task, binner, minimumSteps: 10_000);
    }

    /// <summary>The largest built-in network: a thousand steps (about 10 s on one x86 core).</summary>
    [Fact]
    public void A_thousand_steps_of_gesture_vgg_learning_allocate_nothing()
    {
        var spec = NetworkCatalog.Load("gesture-vgg");
        using var task = new SpikePatternTask(new SensorGeometry(32, 32), classes: spec.Classes, seed: 9);
        var binner = new EventBinner(task.Geometry, new BinnerOptions { OutputWidth = 32, OutputHeight = 32 });
        AssertNoAllocation(spec, task, binner, minimumSteps: 1_000);
    }

    [Fact]
    public void Online_mode_and_dfa_feedback_allocate_nothing_either()
    {
        var spec = NetworkCatalog.Load("demo");
        spec = spec with { Learning = spec.Learning with { Mode = StllrMode.Online, Feedback = FeedbackMode.Dfa } };
        using var task = new SpikePatternTask(new SensorGeometry(32, 32), classes: spec.Classes, seed: 7);
        var binner = new EventBinner(task.Geometry, new BinnerOptions { OutputWidth = 32, OutputHeight = 32 });
        AssertNoAllocation(spec, task, binner, minimumSteps: 2_000);
    }

    private static void AssertNoAllocation(NetworkSpec spec, ILabelledEventSource task, EventBinner binner, int minimumSteps)
    {
        var steps = 0L;
        var allocated = Allocations.Least(
            () =>
            {
                var learner = new StllrLearner(Network.Build(spec, new NetworkOptions(1, Learning: true, Seed: 2)));
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
        Assert.True(allocated == 0, $"{allocated} bytes allocated over {steps} steps");
    }
}
