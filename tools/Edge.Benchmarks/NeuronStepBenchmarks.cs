using BenchmarkDotNet.Attributes;
using Edge.Runtime;
using Edge.Runtime.Layers;
using Edge.Runtime.Specs;

namespace Edge.Benchmarks;

/// <summary>
/// One time step of the LIF neurons with their S-TLLR traces (integrate, fire, Ψ, post trace,
/// reset — one vectorised pass) for the demo network's first convolution (16×32×32 neurons), and a
/// whole layer step (synapse, neurons, pre-synaptic trace) of that convolution on event frames.
/// </summary>
[MemoryDiagnoser]
public class NeuronStepBenchmarks
{
    private LifLayer _conv = null!;
    private float[] _current = [];
    private float[] _spikes = [];
    private float[] _frame = [];

    /// <summary>True: learning build (Ψ and traces); false: inference.</summary>
    [Params(false, true)]
    public bool Learning { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var network = Network.Build(NetworkCatalog.Load("demo"), new NetworkOptions(1, Learning, Seed: 1));
        _conv = (LifLayer)network.Layers[0];
        var n = _conv.OutputShape.Size;
        _current = KernelInputs.Normal(n, 0.5, 1);
        _spikes = new float[n];
        _frame = KernelInputs.Spikes(_conv.InputShape.Size, 0.05, 2);
    }

    [Benchmark]
    public void LifAndTraces() => _conv.Neurons.Step(_current, default, _spikes);

    [Benchmark]
    public void ConvLayerStep() => _conv.Forward(_frame, Learning);
}
