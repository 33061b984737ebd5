using Edge.Runtime.Learning.Stllr;
using Edge.Runtime.Specs;

namespace Edge.Runtime.Tests.Learning;

public class MemoryReportTests
{
    [Theory]
    [InlineData("nmnist-small")]
    [InlineData("shd-rec")]
    [InlineData("demo")]
    public void Reported_bytes_match_what_construction_allocates(string name)
    {
        var spec = NetworkCatalog.Load(name);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var network = Network.Build(spec, new NetworkOptions(1, Learning: true, Seed: 1));
        var learner = new StllrLearner(network);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        var reported = learner.Memory.TotalBytes;

        Assert.True(allocated >= reported, $"reported {reported} B but only {allocated} B were allocated");
        // The rest is object headers and the layer objects themselves: small and bounded.
        Assert.True(allocated - reported < 64 * 1024, $"reported {reported} B, allocated {allocated} B: {allocated - reported} B unaccounted");
    }

    [Fact]
    public void Learning_state_does_not_depend_on_the_number_of_time_steps()
    {
        var spec = NetworkCatalog.Load("nmnist-small");
        var at10 = new StllrLearner(Network.Build(spec with { TimeSteps = 10 })).Memory;
        var at100 = new StllrLearner(Network.Build(spec with { TimeSteps = 100 })).Memory;
        Assert.Equal(at10, at100);
        Assert.True(at10.LearningStateBytes > 0);
    }

    [Fact]
    public void An_inference_build_carries_no_learning_buffers()
    {
        var spec = NetworkCatalog.Load("nmnist-small");
        var inference = Network.Build(spec, new NetworkOptions(Learning: false)).Ledger.Report();
        var learning = new StllrLearner(Network.Build(spec)).Memory;
        Assert.Equal(0, inference.GradBytes);
        Assert.Equal(0, inference.OptimizerBytes);
        Assert.Equal(0, inference.StepCacheBytes);
        Assert.Equal(learning.ParamBytes, inference.ParamBytes);
        // Only the membranes remain as temporal state: no traces.
        Assert.True(inference.LearningStateBytes < learning.LearningStateBytes);
        Assert.Throws<ArgumentException>(() => new StllrLearner(Network.Build(spec, new NetworkOptions(Learning: false))));
    }

    [Fact]
    public void A_learning_build_without_traces_is_refused_by_stllr()
    {
        var spec = NetworkCatalog.Load("nmnist-small");
        var ex = Assert.Throws<ArgumentException>(() => new StllrLearner(Network.Build(spec, new NetworkOptions { Traces = false })));
        Assert.Contains("Traces = false", ex.Message, StringComparison.Ordinal);
    }
}
