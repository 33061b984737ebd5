using BenchmarkDotNet.Attributes;
using Edge.Runtime.Learning.Stllr;
using Edge.Runtime;
using Edge.Runtime.Kernels;
using Edge.Runtime.Specs;

namespace Edge.Benchmarks;

/// <summary>
/// The S-TLLR weight update: the two gradient products of one learning step (the non-causal term
/// on this step's spikes, the causal term on the dense pre-synaptic trace) for the demo network's
/// second convolution and dense layer, the learning signal passed down (input gradient), and the
/// end-of-sample update of the whole demo network (weight-standardization backward, Adam, W_eff refresh).
/// </summary>
[MemoryDiagnoser]
public class WeightUpdateBenchmarks
{
    private static readonly ConvGeometry Conv = new(16, 16, 16, 32, 3, 1, 1);
    private static readonly ConvGeometry Dense = ConvGeometry.Linear(2048, 128);
    private float[] _convSpikes = [], _convTrace = [], _convGrad = [], _convDw = [], _convWeights = [], _convGradIn = [];
    private float[] _denseSpikes = [], _denseTrace = [], _denseGrad = [], _denseDw = [];
    private StllrLearner _learner = null!;

    [GlobalSetup]
    public void Setup()
    {
        _convSpikes = KernelInputs.Spikes(Conv.InSize, 0.1, 1);
        _convTrace = KernelInputs.Normal(Conv.InSize, 0.5, 2);
        _convGrad = KernelInputs.Normal(Conv.OutSize, 0.01, 3);
        _convDw = new float[Conv.WeightCount];
        _convWeights = KernelInputs.Normal(Conv.WeightCount, 0.1, 4);
        _convGradIn = new float[Conv.InSize];
        _denseSpikes = KernelInputs.Spikes(Dense.InSize, 0.05, 5);
        _denseTrace = KernelInputs.Normal(Dense.InSize, 0.5, 6);
        _denseGrad = KernelInputs.Normal(Dense.OutSize, 0.01, 7);
        _denseDw = new float[Dense.WeightCount];

        _learner = new StllrLearner(Network.Build(NetworkCatalog.Load("demo"), new NetworkOptions(1, Learning: true, Seed: 1)));
        foreach (var p in _learner.Optimizer.Parameters)
        {
            KernelInputs.Normal(p.Count, 1e-3, 8).CopyTo(p.Grad!, 0);
        }
    }

    [Benchmark]
    public void ConvNonCausalOnSpikes() => SynapseKernels.AccumulateWeightGrad(Conv, _convSpikes, _convGrad, -1f, _convDw);

    [Benchmark]
    public void ConvCausalOnTrace() => SynapseKernels.AccumulateWeightGrad(Conv, _convTrace, _convGrad, 1f, _convDw);

    [Benchmark]
    public void ConvSignalDown() => SynapseKernels.InputGrad(Conv, _convGrad, _convWeights, _convGradIn);

    [Benchmark]
    public void LinearNonCausalOnSpikes() => SynapseKernels.AccumulateWeightGrad(Dense, _denseSpikes, _denseGrad, -1f, _denseDw);

    [Benchmark]
    public void LinearCausalOnTrace() => SynapseKernels.AccumulateWeightGrad(Dense, _denseTrace, _denseGrad, 1f, _denseDw);

    /// <summary>Standardization backward, Adam over 268k parameters, gradients zeroed, W_eff refreshed.</summary>
    [Benchmark]
    public void DemoNetworkOptimizerStep()
    {
        _learner.FinishGradients();
        _learner.Optimizer.Step();
        _learner.Network.RefreshWeights();
    }
}
