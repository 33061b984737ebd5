using Edge.Runtime.Online;
using Edge.Accelerator.Counting;
using Edge.Accelerator.Mapping;
using Edge.Runtime;
using Edge.Runtime.Layers;
using Edge.Runtime.Specs;

namespace Edge.Accelerator.Execution;

/// <summary>
/// A network running on the chip model: one stage per spec layer, executed event by event in the
/// chip's integers, every event counted in <see cref="Counters"/>. The host keeps the float master
/// copy of the parameters (<see cref="Host"/>, a CPU runtime network whose forward pass is not used
/// for the spiking layers); the chip's quantised weights are folded from it (weight standardization
/// included) whenever it changes. <see cref="Step"/> allocates nothing.
/// </summary>
public sealed class ChipNetwork : IStepModel
{
    private readonly ChipStage[] _stages;
    private readonly IReadoutStage? _readout;
    private readonly int[] _input;
    private readonly float[] _noLogits = [];
    private readonly Rng _masks;

    private ChipNetwork(NetworkMapping mapping, Network host, bool learning, ChipStage[] stages)
    {
        Mapping = mapping;
        Host = host;
        Learning = learning;
        _stages = stages;
        _readout = stages.Length > 0 ? stages[^1] as IReadoutStage : null;
        _input = new int[mapping.Spec.InputSize];
        _masks = Rng.Derive(host.Options.Seed, 7);
        Counters = new ChipCounters(mapping);
    }

    /// <summary>
    /// Builds the chip model of <paramref name="mapping"/> with the parameters of <paramref name="source"/>
    /// (a CPU network of the same spec; copied, so <paramref name="source"/> stays independent).
    /// </summary>
    public static ChipNetwork Create(NetworkMapping mapping, Network source, bool learning)
    {
        ArgumentNullException.ThrowIfNull(mapping);
        ArgumentNullException.ThrowIfNull(source);
        var spec = mapping.Spec;
        var host = Network.Build(spec, new NetworkOptions(1, Learning: learning, Seed: source.Options.Seed));
        var from = source.Parameters();
        var to = host.Parameters();
        for (var i = 0; i < to.Count; i++)
        {
            from[i].Parameter.Value.AsSpan().CopyTo(to[i].Parameter.Value);
        }
        host.RefreshWeights();
        var stages = new ChipStage[spec.Layers.Count];
        var input = TensorShape.Of(spec.InputShape);
        for (var i = 0; i < stages.Length; i++)
        {
            var layer = mapping.Layers[i];
            var inShape = i == 0 ? input : spec.Shapes[i - 1];
            var outShape = spec.Shapes[i];
            stages[i] = layer.Spec.Kind switch
            {
                LayerKind.Conv2d or LayerKind.Linear or LayerKind.LinearRecurrent => new LifStage(mapping, layer, inShape, outShape, learning && layer.Plastic),
                LayerKind.MaxPool2d => new PoolStage(mapping, layer, inShape, outShape),
                LayerKind.AvgPool2d or LayerKind.GlobalAvgPool => new FoldStage(layer, inShape, outShape),
                LayerKind.Flatten or LayerKind.Dropout => new AddressingStage(layer, inShape, outShape),
                LayerKind.ReadoutLinear or LayerKind.ReadoutLeaky when layer.OnCores =>
                    new CompartmentStage(mapping, layer, inShape, outShape, learning && layer.Plastic),
                LayerKind.ReadoutLinear or LayerKind.ReadoutLeaky => new HostReadoutStage(layer, inShape, outShape, host.Layers[i]),
                _ => throw new SpecException($"$.layers[{i}]", "layer type not modelled on the accelerator"),
            };
        }
        var network = new ChipNetwork(mapping, host, learning, stages);
        network.Load(rescale: true);
        return network;
    }

    /// <summary>The mapping run.</summary>
    public NetworkMapping Mapping { get; }

    /// <summary>The host's float master copy of the parameters.</summary>
    public Network Host { get; }

    /// <summary>True when built to learn.</summary>
    public bool Learning { get; }

    /// <summary>Every count of the run so far.</summary>
    public ChipCounters Counters { get; }

    /// <summary>The logits of the last step.</summary>
    public ReadOnlySpan<float> Logits => _readout is null ? _noLogits : _readout.Logits;

    /// <summary>Weights clipped by the last load (0 when the scale was re-chosen).</summary>
    public long ClippedWeights { get; private set; }

    internal IReadOnlyList<ChipStage> Stages => _stages;

    /// <summary>The last step's output of layer <paramref name="layer"/> (spikes for spiking layers), channels-last.</summary>
    public ReadOnlySpan<int> OutputOf(int layer) => _stages[layer].Output;

    /// <summary>True when layer <paramref name="layer"/> outputs spikes of neurons on cores.</summary>
    public bool IsSpiking(int layer) => _stages[layer].Spiking;

    /// <summary>Zeroes every state at the start of a sample; draws dropout masks when training.</summary>
    public void ResetState(bool training)
    {
        foreach (var stage in _stages)
        {
            stage.Reset();
            if (stage is AddressingStage a)
            {
                var axons = a.Draw(_masks, training);
                Counters.Host(HostCounter.TransferBytes, a.Index, axons / 8);
            }
        }
    }

    /// <summary>Runs one step on <paramref name="input"/> ([C, H, W] or [N], PyTorch order; event counts) and returns the logits.</summary>
    public ReadOnlySpan<float> Step(ReadOnlySpan<float> input)
    {
        LoadInput(input);
        ReadOnlySpan<int> x = _input;
        foreach (var stage in _stages)
        {
            stage.Forward(x, Counters);
            x = stage.Output;
        }
        return Logits;
    }

    /// <inheritdoc />
    int IStepModel.Batch => 1;

    /// <inheritdoc />
    public int Classes => Mapping.Spec.Classes;

    /// <inheritdoc />
    void IStepModel.BeginInference()
    {
        Counters.Phase = Phase.Inference;
        ResetState(training: false);
    }

    /// <inheritdoc />
    ReadOnlySpan<float> IStepModel.Infer(ReadOnlySpan<float> input, int t)
    {
        CountPrediction(t);
        var logits = Step(input);
        Counters.EndStep();
        return logits;
    }

    /// <inheritdoc />
    void IStepModel.EndInference() => Counters.Samples++;

    /// <summary>The host's argmax over the logits closes a sample: counted on its last step (<paramref name="t"/> = T − 1).</summary>
    internal void CountPrediction(int t)
    {
        if (t == Mapping.Spec.TimeSteps - 1)
        {
            Counters.Host(HostCounter.Ops, Mapping.Spec.Layers.Count - 1, Classes);
        }
    }

    /// <summary>Input of layer <paramref name="index"/> for the current step.</summary>
    internal ReadOnlySpan<int> InputOf(int index) => index == 0 ? _input : _stages[index - 1].Output;

    /// <summary>Runs stage <paramref name="index"/> alone on <paramref name="input"/> (to measure one layer's own error).</summary>
    internal void StepStage(int index, ReadOnlySpan<int> input) => _stages[index].Forward(input, Counters);

    /// <summary>
    /// Folds the host's parameters into the chip's integers (W_eff is already standardized by the
    /// host). <paramref name="rescale"/> re-chooses each layer's scale (only between samples, when the
    /// membranes are empty).
    /// </summary>
    public void Load(bool rescale)
    {
        long clipped = 0;
        foreach (var stage in _stages)
        {
            var n = stage switch
            {
                LifStage lif => lif.Load((LifLayer)Host.Layers[stage.Index], rescale),
                CompartmentStage readout => readout.Load(Host.Layers[stage.Index], rescale),
                _ => 0,
            };
            if (n > 0)
            {
                Counters.Add(Phase.Learning, Counter.Saturations, stage.Mapping.Partition!.Value.FirstCore, n);
            }
            clipped += n;
        }
        ClippedWeights = clipped;
    }

    /// <summary>Event counts (PyTorch order) → the channels-last integer input; counts are rounded to whole spikes.</summary>
    internal void LoadInput(ReadOnlySpan<float> input)
    {
        var shape = TensorShape.Of(Mapping.Spec.InputShape);
        if (input.Length < shape.Size)
        {
            throw new ArgumentException($"input has {input.Length} values, the network needs {shape.Size}", nameof(input));
        }
        var positions = shape.H * shape.W;
        for (var c = 0; c < shape.C; c++)
        {
            for (var p = 0; p < positions; p++)
            {
                _input[(p * shape.C) + c] = (int)MathF.Round(input[(c * positions) + p]);
            }
        }
    }
}
