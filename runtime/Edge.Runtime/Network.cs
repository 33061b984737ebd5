using Edge.Runtime.Kernels;
using Edge.Runtime.Layers;
using Edge.Runtime.Memory;
using Edge.Runtime.Specs;

namespace Edge.Runtime;

/// <summary>How to build a network.</summary>
/// <param name="Batch">Samples per step (B ≥ 1).</param>
/// <param name="Learning">Allocate traces, gradients and learning caches (false: inference only).</param>
/// <param name="Seed">Seed of the initial weights and of dropout masks.</param>
public sealed record NetworkOptions(int Batch = 1, bool Learning = true, ulong Seed = 1)
{
    /// <summary>
    /// Learning builds: allocate and update the S-TLLR traces the layers keep (the LIF neurons' post
    /// trace trΨ, the leaky readout's presynaptic trace); the S-TLLR learner adds the presynaptic and
    /// recurrent traces of the spiking layers. Rules that keep their own state (BPTT's history,
    /// OTTT's trace) build without them, so the memory report shows only what the rule keeps.
    /// </summary>
    public bool Traces { get; init; } = true;

    /// <summary>
    /// Threads that share each step (1 = the calling thread only). A fixed pool is started with the
    /// network; results are bit-identical to one thread on the same machine.
    /// </summary>
    public int Threads { get; init; } = 1;
}

/// <summary>
/// A spiking network built from a <see cref="NetworkSpec"/>: its layers, their state and every
/// buffer, allocated once. Layers run in the spec's order, each on the outputs of the layers it
/// reads (by default the previous one; graph specs name them). <see cref="Step(ReadOnlySpan{float}, bool)"/> runs one time step for the whole batch and allocates
/// nothing. Inputs are given in PyTorch order ([B, C, H, W] or [B, N]); inside, maps are channels-last.
/// </summary>
public sealed class Network : IDisposable, Online.IStepModel
{
    private readonly float[] _input;
    private readonly Rng _masks;
    private Parallel.StepWorkers? _workers;
    private readonly Layer[] _layers;
    private readonly float[][] _inputOf;

    private Network(NetworkSpec spec, NetworkOptions options, MemoryLedger ledger, Layer[] layers, float[] input, float[][] inputOf)
    {
        _inputOf = inputOf;
        Spec = spec;
        Options = options;
        Ledger = ledger;
        Layers = layers;
        _layers = layers;
        _input = input;
        _masks = Rng.Derive(options.Seed, 1);
    }

    /// <summary>Builds the layers of <paramref name="spec"/> and allocates all their buffers.</summary>
    public static Network Build(NetworkSpec spec, NetworkOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        options ??= new NetworkOptions();
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.Batch);
        var ledger = new MemoryLedger();
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.Threads);
        var workers = options.Threads > 1 ? new Parallel.StepWorkers(options.Threads) : null;
        var ctx = new BuildContext(options.Batch, options.Learning, ledger, Rng.Derive(options.Seed, 0))
        {
            Traces = options.Learning && options.Traces,
            Workers = workers,
        };
        var input = ledger.Floats(MemoryCategory.Activations, options.Batch * spec.InputSize);
        var layers = new Layer[spec.Layers.Count];
        var learnableAbove = new bool[layers.Length];
        for (var i = 0; i < layers.Length; i++)
        {
            var ls = spec.Layers[i];
            var inputs = spec.InputsOf(i);
            var shape = spec.InputShapeOf(i);
            var output = spec.Shapes[i];
            // A layer passes the learning signal down when a layer it reads from, directly or not, learns.
            var passesDown = false;
            foreach (var from in inputs)
            {
                passesDown |= from >= 0 && learnableAbove[from];
            }
            learnableAbove[i] = passesDown || ls.IsSpiking || ls.IsReadout;
            ctx = ctx with { PassesSignalDown = passesDown };
            layers[i] = ls.Kind switch
            {
                LayerKind.Conv2d or LayerKind.Linear when ls.Neuron == NeuronModel.Htglif => new HtglifLayer(ls, i, shape, output, ctx),
                LayerKind.Conv2d or LayerKind.Linear when ls.Neuron == NeuronModel.DualExp => new DualExpLayer(ls, i, shape, output, ctx),
                LayerKind.Conv2d => new LifConv2d(ls, i, shape, output, ctx),
                LayerKind.ConvTranspose2d => new LifConvTranspose2d(ls, i, shape, output, ctx),
                LayerKind.Linear => new LifLinear(ls, i, shape, output, ctx),
                LayerKind.LinearRecurrent => new LifRecurrent(ls, i, shape, output, ctx),
                LayerKind.MaxPool2d => new MaxPool2d(ls, i, shape, output, ctx),
                LayerKind.AvgPool2d => new AvgPool2d(ls, i, shape, output, ctx),
                LayerKind.GlobalAvgPool => new GlobalAvgPool(ls, i, shape, output, ctx),
                LayerKind.Flatten => new Flatten(ls, i, shape, output, ctx),
                LayerKind.Dropout => new Dropout(ls, i, shape, output, ctx),
                LayerKind.UpsampleNearest => new UpsampleNearest(ls, i, shape, output, ctx),
                LayerKind.Concat => new Concat(ls, i, InputShapes(spec, inputs), output, ctx),
                LayerKind.Add => new Add(ls, i, InputShapes(spec, inputs), output, ctx),
                LayerKind.ReadoutLinear => new ReadoutLinear(ls, i, shape, output, ctx),
                LayerKind.ReadoutLeaky => new ReadoutLeaky(ls, i, shape, output, ctx),
                LayerKind.ReadoutFlow => new ReadoutFlow(ls, i, shape, output, ctx),
                _ => throw new SpecException($"$.layers[{i}]", "unsupported layer type"),
            };
        }
        var inputOf = new float[layers.Length][];
        for (var i = 0; i < layers.Length; i++)
        {
            var inputs = spec.InputsOf(i);
            inputOf[i] = Buffer(inputs[0]);
            (layers[i] as LifLayer)?.BindInput(inputOf[i]);
            if (layers[i] is MergeLayer merge)
            {
                var buffers = new float[inputs.Count][];
                for (var k = 0; k < buffers.Length; k++)
                {
                    buffers[k] = Buffer(inputs[k]);
                }
                merge.Bind(buffers);
            }
        }
        float[] Buffer(int from) => from == LayerInputs.NetworkInput ? input : layers[from].Output;
        return new Network(spec, options, ledger, layers, input, inputOf) { _workers = workers };
    }

    /// <summary>The spec this network was built from.</summary>
    public NetworkSpec Spec { get; }

    /// <summary>The build options.</summary>
    public NetworkOptions Options { get; }

    /// <summary>Samples per step.</summary>
    public int Batch => Options.Batch;

    /// <summary>True when built with learning buffers.</summary>
    public bool Learning => Options.Learning;

    /// <summary>Layers in order.</summary>
    public IReadOnlyList<Layer> Layers { get; }

    /// <summary>Where every buffer was allocated (learners add theirs to the same ledger).</summary>
    public MemoryLedger Ledger { get; }

    /// <summary>The current step's input, channels-last, [B, per-sample input].</summary>
    public ReadOnlySpan<float> Input => _input;

    /// <summary>Output of the last layer after the last step ([B, classes] logits for a classifier).</summary>
    public ReadOnlySpan<float> Output => _layers[^1].Output;

    /// <summary>The generator of the dropout masks (its state is saved in checkpoints, so a resumed run draws the same masks).</summary>
    internal Rng MaskGenerator => _masks;

    /// <summary>Zeroes every state at the start of a sample (and draws dropout masks when training).</summary>
    public void ResetState(bool training)
    {
        foreach (var layer in _layers)
        {
            layer.ResetState(_masks, training);
        }
    }

    /// <summary>
    /// Runs one time step. <paramref name="input"/> is [B, C, H, W] (or [B, N]) in PyTorch order.
    /// Returns the last layer's output.
    /// </summary>
    public ReadOnlySpan<float> Step(ReadOnlySpan<float> input, bool training) => Step(input, training, backwardFollows: true);

    /// <summary>
    /// As <see cref="Step(ReadOnlySpan{float}, bool)"/>; with <paramref name="backwardFollows"/>
    /// false no backward pass will read this step's caches, so learning builds skip them (the LIF
    /// layers' Ψ and previous post trace, the max pools' routing).
    /// </summary>
    public ReadOnlySpan<float> Step(ReadOnlySpan<float> input, bool training, bool backwardFollows)
    {
        foreach (var layer in _layers)
        {
            layer.BackwardFollows = backwardFollows;
        }
        LoadInput(input);
        for (var i = 0; i < _layers.Length; i++)
        {
            _layers[i].Forward(_inputOf[i], training);
        }
        return _layers[^1].Output;
    }

    /// <inheritdoc />
    int Online.IStepModel.Classes => Spec.Classes;

    /// <inheritdoc />
    void Online.IStepModel.BeginInference() => ResetState(training: false);

    /// <inheritdoc />
    ReadOnlySpan<float> Online.IStepModel.Infer(ReadOnlySpan<float> input, int t) => Step(input, training: false, backwardFollows: false);

    /// <inheritdoc />
    void Online.IStepModel.EndInference()
    {
    }

    /// <summary>Input of layer <paramref name="index"/> for the current step (its first, for a layer that reads several).</summary>
    public ReadOnlySpan<float> InputOf(int index) => InputBuffer(index);

    /// <summary>The buffer <see cref="InputOf"/> reads, for worker jobs that cannot hold a span.</summary>
    internal float[] InputBuffer(int index) => _inputOf[index];

    /// <summary>The worker pool the step is split across, or null with one thread.</summary>
    internal Parallel.StepWorkers? Workers => _workers;

    /// <summary>Recomputes weight caches (standardized weights) after parameters changed.</summary>
    public void RefreshWeights()
    {
        foreach (var layer in _layers)
        {
            layer.RefreshWeights();
        }
    }

    /// <summary>Every trainable parameter with the index of its layer.</summary>
    public IReadOnlyList<(int Layer, Parameter Parameter)> Parameters()
    {
        var list = new List<(int, Parameter)>();
        foreach (var layer in Layers)
        {
            foreach (var p in layer.Parameters)
            {
                list.Add((layer.Index, p));
            }
        }
        return list;
    }

    private static TensorShape[] InputShapes(NetworkSpec spec, LayerInputs inputs)
    {
        var shapes = new TensorShape[inputs.Count];
        for (var k = 0; k < shapes.Length; k++)
        {
            shapes[k] = inputs[k] == LayerInputs.NetworkInput ? TensorShape.Of(spec.InputShape) : spec.Shapes[inputs[k]];
        }
        return shapes;
    }

    /// <summary>Converts PyTorch-order input (CHW) to the channels-last input buffer.</summary>
    private void LoadInput(ReadOnlySpan<float> input)
    {
        var n = Spec.InputSize;
        if (input.Length < Batch * n)
        {
            throw new ArgumentException($"input has {input.Length} values, the network needs {Batch * n} (batch {Batch} × {n})", nameof(input));
        }
        var shape = TensorShape.Of(Spec.InputShape);
        if (!shape.IsMap || shape.C == 1)
        {
            input[..(Batch * n)].CopyTo(_input);
            return;
        }
        for (var b = 0; b < Batch; b++)
        {
            Layout.ChwToHwc(input.Slice(b * n, n), shape.C, shape.H * shape.W, _input.AsSpan(b * n, n));
        }
    }

    /// <summary>Bytes allocated by the worker threads of a multi-threaded network (0 with one thread).</summary>
    public long WorkerAllocatedBytes => _workers?.WorkerAllocatedBytes ?? 0;

    /// <summary>Stops the worker threads of a multi-threaded network.</summary>
    public void Dispose()
    {
        _workers?.Dispose();
        _workers = null;
    }
}
