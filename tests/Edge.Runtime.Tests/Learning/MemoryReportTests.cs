using Edge.Runtime.Layers;
using Edge.Runtime.Learning;
using Edge.Runtime.Learning.Stllr;
using Edge.Runtime.Memory;
using Edge.Runtime.Specs;

namespace Edge.Runtime.Tests.Learning;

public class MemoryReportTests
{
    /// <summary>
    /// Every category of the S-TLLR report against an independent count from the layer shapes (the
    /// design's memory model: what each buffer is for), and the construction's measured allocation
    /// against the report: the rest is object headers and the layer objects themselves.
    /// </summary>
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
        var reported = learner.Memory;

        var expected = ExpectedStllrMemory(network);
        Assert.Equal(expected.ParamBytes, reported.ParamBytes);
        Assert.Equal(expected.GradBytes, reported.GradBytes);
        Assert.Equal(expected.OptimizerBytes, reported.OptimizerBytes);
        Assert.Equal(expected.LearningStateBytes, reported.LearningStateBytes);
        Assert.Equal(expected.StepCacheBytes, reported.StepCacheBytes);
        Assert.Equal(expected.ActivationBytes, reported.ActivationBytes);
        Assert.Equal(expected.ScratchBytes, reported.ScratchBytes);
        Assert.Equal(0, reported.FeedbackBytes);

        Assert.True(allocated >= reported.TotalBytes, $"reported {reported.TotalBytes} B but only {allocated} B were allocated");
        // Object headers of ~100 layer, parameter and buffer objects (measured 5.4-8.7 KB on these networks).
        Assert.True(allocated - reported.TotalBytes < 16 * 1024, $"reported {reported.TotalBytes} B, allocated {allocated} B: {allocated - reported.TotalBytes} B unaccounted");
    }

    /// <summary>
    /// S-TLLR's buffers at batch 1 (Adam, backpropagated learning signal, weights standardized where
    /// the spec says), counted in floats from the shapes:
    /// parameters, their gradients and two Adam moments; temporal state = membrane and postsynaptic
    /// trace per neuron and a presynaptic trace per input (+ previous spikes and their trace for a
    /// recurrent layer; membrane and input trace for a leaky readout); step cache = pre-reset
    /// membrane, Ψ and the previous postsynaptic trace per neuron (+ the previous recurrent trace; the
    /// previous spikes are the recurrent layer's own input), the winning index per max-pool output; activations = the input and every layer's
    /// output; scratch = per spiking layer its current, signal and non-causal term, per synapse
    /// W_eff with its per-channel denominators and 8 doubles per channel when standardized, W_effᵀ
    /// for every synapse above the first spiking layer that passes a gradient down, and the
    /// learning signal's two buffers of the widest layer, its error and the logit gradient.
    /// </summary>
    private static MemoryReport ExpectedStllrMemory(Network network)
    {
        long parameters = 0, state = 0, cache = 0, activations = network.Spec.InputSize, scratch = 0;
        foreach (var (_, p) in network.Parameters())
        {
            parameters += p.Count;
        }
        var widest = network.Spec.InputSize;
        var classes = network.Spec.Classes;
        foreach (var layer in network.Layers)
        {
            long input = layer.InputShape.Size, output = layer.OutputShape.Size;
            activations += output;
            widest = Math.Max(widest, (int)Math.Max(input, output));
            switch (layer)
            {
                case LifLayer lif:
                    state += (2 * output) + input;
                    cache += 3 * output;
                    scratch += (3 * output) + Synapse(lif.Geometry.WeightCount, lif.Geometry.OutChannels, lif.Spec.Standardize, transposed: layer.Index > 0);
                    if (lif is LifRecurrent)
                    {
                        state += 2 * output;
                        cache += output;
                        scratch += output + Synapse(output * output, (int)output, lif.Spec.Standardize, transposed: false);
                    }
                    break;
                case ReadoutLeaky:
                    state += output + input;
                    scratch += output;
                    break;
                case MaxPool2d:
                    cache += output;
                    break;
            }
        }
        scratch += (2L * widest) + (2 * classes);
        return new MemoryReport(4 * parameters, 4 * parameters, 8 * parameters, 4 * state, 4 * cache, 4 * activations, 4 * scratch, 0);
    }

    /// <summary>Scratch floats of one synapse: W_eff, its denominators and 8 doubles per channel when standardized; W_effᵀ when it passes a gradient down.</summary>
    private static long Synapse(long weights, int channels, bool standardize, bool transposed) =>
        (standardize ? weights + channels + (16L * channels) : 0) + (transposed ? weights : 0);

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
