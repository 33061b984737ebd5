using BenchmarkDotNet.Attributes;
using Edge.Runtime.Kernels;

namespace Edge.Benchmarks;

/// <summary>
/// The synapse forward pass (bias + W ⋆ x) of the demo network's second convolution
/// (16→32 channels, 16×16, 3×3, padding 1) and of its dense layer (2048→128), on spike inputs of
/// the densities seen in practice (the kernel scatters only non-zero inputs) and on a dense input.
/// </summary>
[MemoryDiagnoser]
public class SynapseForwardBenchmarks
{
    private static readonly ConvGeometry Conv = new(16, 16, 16, 32, 3, 1, 1);
    private static readonly ConvGeometry Dense = ConvGeometry.Linear(2048, 128);
    private float[] _convInput = [];
    private float[] _denseInput = [];
    private float[] _convWeights = [];
    private float[] _denseWeights = [];
    private float[] _convOut = [];
    private float[] _denseOut = [];
    private float[] _convBias = [];
    private float[] _denseBias = [];

    /// <summary>Fraction of non-zero inputs.</summary>
    [Params(0.02, 0.1, 1.0)]
    public double Density { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _convInput = KernelInputs.Spikes(Conv.InSize, Density, 1);
        _denseInput = KernelInputs.Spikes(Dense.InSize, Density, 2);
        _convWeights = KernelInputs.Normal(Conv.WeightCount, 0.1, 3);
        _denseWeights = KernelInputs.Normal(Dense.WeightCount, 0.05, 4);
        _convBias = new float[Conv.OutChannels];
        _denseBias = new float[Dense.OutChannels];
        _convOut = new float[Conv.OutSize];
        _denseOut = new float[Dense.OutSize];
    }

    [Benchmark]
    public void ConvForward() => SynapseKernels.Forward(Conv, _convInput, _convWeights, _convBias, _convOut);

    [Benchmark]
    public void LinearForward() => SynapseKernels.Forward(Dense, _denseInput, _denseWeights, _denseBias, _denseOut);
}
