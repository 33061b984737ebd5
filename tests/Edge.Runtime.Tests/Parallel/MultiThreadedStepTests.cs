using Edge.Runtime.Learning.Stllr;
using Edge.Runtime.Specs;

namespace Edge.Runtime.Tests.Parallel;

/// <summary>A step split across worker threads computes exactly what one thread computes.</summary>
[Collection("allocation")]
public class MultiThreadedStepTests
{
    [Theory]
    [InlineData("nmnist-small", 2)]
    [InlineData("nmnist-small", 3)]
    [InlineData("demo", 2)]
    [InlineData("shd-rec", 2)]
    [InlineData("flow-unet", 2)]
    public void Logits_and_learned_weights_are_bit_identical_to_one_thread(string name, int threads)
    {
        var spec = NetworkCatalog.Load(name) with { TimeSteps = 12, LearnSteps = 6 };
        using var one = Network.Build(spec, new NetworkOptions(1, Seed: 5));
        using var many = Network.Build(spec, new NetworkOptions(1, Seed: 5) { Threads = threads });
        var a = new StllrLearner(one);
        var b = new StllrLearner(many);
        var rng = new Rng(9);
        var x = new float[spec.InputSize];
        for (var sample = 0; sample < 3; sample++)
        {
            int[] label = [sample % spec.Classes];
            a.BeginSample(label);
            b.BeginSample(label);
            for (var t = 0; t < spec.TimeSteps; t++)
            {
                for (var i = 0; i < x.Length; i++)
                {
                    x[i] = rng.NextDouble() < 0.1 ? 1f : 0f;
                }
                var la = a.Step(x, t).ToArray();
                var lb = b.Step(x, t).ToArray();
                Assert.Equal(la, lb);
            }
            a.EndSample();
            b.EndSample();
        }
        var pa = one.Parameters();
        var pb = many.Parameters();
        for (var i = 0; i < pa.Count; i++)
        {
            Assert.Equal(pa[i].Parameter.Value, pb[i].Parameter.Value);
        }
    }

    [Fact]
    public void A_multi_threaded_learning_step_allocates_nothing_on_any_thread()
    {
        var spec = NetworkCatalog.Load("demo");
        using var network = Network.Build(spec, new NetworkOptions(1, Seed: 1) { Threads = 2 });
        var learner = new StllrLearner(network);
        var rng = new Rng(3);
        var x = new float[spec.InputSize];
        for (var i = 0; i < x.Length; i++)
        {
            x[i] = rng.NextDouble() < 0.1 ? 1f : 0f;
        }
        int[] label = [1];
        long caller = 0, workers = 0;
        for (var sample = 0; sample < 60; sample++)
        {
            // Each thread's own counter, summed over the caller and every worker of the step;
            // the first ten samples warm up the JIT.
            var c0 = GC.GetAllocatedBytesForCurrentThread();
            var w0 = network.WorkerAllocatedBytes;
            learner.BeginSample(label);
            for (var t = 0; t < spec.TimeSteps; t++)
            {
                learner.Step(x, t);
            }
            learner.EndSample();
            if (sample >= 10)
            {
                caller += GC.GetAllocatedBytesForCurrentThread() - c0;
                workers += network.WorkerAllocatedBytes - w0;
            }
        }
        Assert.True(caller + workers == 0, $"caller {caller} B, workers {workers} B over 1,000 two-thread steps");
    }
}

/// <summary>Tests that count process-wide allocations run alone.</summary>
[CollectionDefinition("allocation", DisableParallelization = true)]
public sealed class SerialAllocationTests;
