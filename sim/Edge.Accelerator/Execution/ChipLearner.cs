using Edge.Accelerator.Counting;
using Edge.Runtime.Layers;
using Edge.Runtime.Learning.Stllr;
using Edge.Runtime.Learning;
using Edge.Runtime.Online;
using Edge.Runtime.Specs;

namespace Edge.Accelerator.Execution;

/// <summary>
/// S-TLLR learning on the chip model. Every step the cores run forward and keep their traces; on the
/// last T_l steps the host turns the logits into the cross-entropy signal (softmax − one-hot), which
/// flows down as graded messages (BP: through the quantised weights and the pools; shallow: readout
/// only) and each learning layer's engine accumulates its products. After the sample (or every
/// learning step in stllr-online mode) the host drains the accumulators into ∂/∂W_eff, maps them
/// through the weight standardization, takes the optimizer step (Adam, as the CPU runtime), folds the
/// new W_eff into quantised weights and writes them back: that host work is counted, not hidden.
/// </summary>
public sealed class ChipLearner : IStepLearner
{
    // Host operations per parameter of the update [A]: the standardization backward (≈10 per weight),
    // Adam (≈12 per parameter), the standardization forward (≈8 per weight) and the quantisation (3).
    private const int StandardizationOps = 18;
    private const int OptimizerOps = 12;
    private const int QuantizationOps = 3;

    private readonly ChipNetwork _network;
    private readonly StllrLearner _host;
    private readonly ChipStage[] _stages;
    private readonly bool[] _learnableBelow;
    private readonly float[] _logitGrad;
    private readonly int[] _label = new int[1];
    private double _lossSum;
    private int _lossCount;
    private readonly float[] _a;
    private readonly float[] _b;
    private readonly int _classes;
    private bool _hasGradient;

    /// <summary>Builds the learner of a chip network built to learn.</summary>
    public ChipLearner(ChipNetwork network)
    {
        ArgumentNullException.ThrowIfNull(network);
        if (!network.Learning)
        {
            throw new ArgumentException("the chip network was built for inference only", nameof(network));
        }
        if (network.Mapping.Spec.Learning.Rule != "stllr")
        {
            throw new SpecException("$.rule", $"the accelerator model learns with S-TLLR, not '{network.Mapping.Spec.Learning.Rule}' (BPTT is priced beside it from the S-TLLR run)");
        }
        var feedback = network.Mapping.Spec.Learning.Feedback;
        if (feedback is not (FeedbackMode.Bp or FeedbackMode.Shallow))
        {
            throw new SpecException("$.learning.feedback",
                "the accelerator model runs the BP and shallow learning signals; DFA, sDFA and LocalLoss need feedback matrices it does not model");
        }
        _network = network;
        _host = new StllrLearner(network.Host);
        _stages = [.. network.Stages];
        _classes = network.Mapping.Spec.Classes;
        _logitGrad = new float[_classes];
        _learnableBelow = new bool[_stages.Length];
        var max = network.Mapping.Spec.InputSize;
        var any = false;
        for (var i = 0; i < _stages.Length; i++)
        {
            _learnableBelow[i] = any;
            any |= Learns(_stages[i]);
            max = Math.Max(max, Math.Max(_stages[i].InputShape.Size, _stages[i].OutputShape.Size));
        }
        _a = new float[max];
        _b = new float[max];
        Spec = network.Mapping.Spec;
        TimeSteps = Spec.TimeSteps;
        LearnSteps = Spec.EffectiveLearnSteps;
    }

    /// <summary>The network spec.</summary>
    public NetworkSpec Spec { get; }

    /// <summary>The chip network.</summary>
    public ChipNetwork Network => _network;

    /// <summary>Time steps per sample.</summary>
    public int TimeSteps { get; }

    /// <summary>Learning steps (the last T_l).</summary>
    public int LearnSteps { get; }

    /// <inheritdoc />
    public int Batch => 1;

    /// <inheritdoc />
    public int Classes => _classes;

    /// <inheritdoc />
    public float LastLoss { get; private set; }

    /// <summary>Steps computed with the weights the sample started with (as <see cref="IStepLearner.StepsBeforeUpdate"/>).</summary>
    public int StepsBeforeUpdate => Spec.Learning.Mode == StllrMode.PerSample ? TimeSteps : TimeSteps - LearnSteps + 1;

    /// <summary>True when step <paramref name="t"/> carries a learning signal.</summary>
    public bool LearnsAt(int t) => t >= TimeSteps - LearnSteps;

    /// <summary>Starts a sample of class <paramref name="labels"/>[0] (the chip learns one sample at a time).</summary>
    /// <exception cref="ArgumentException">Not one label, or not a class of this network.</exception>
    public void BeginSample(ReadOnlySpan<int> labels)
    {
        SampleLabels.Keep(labels, _label, _classes);
        _network.Counters.Phase = Phase.Inference;
        _network.ResetState(training: true);
        _lossSum = 0;
        _lossCount = 0;
    }

    /// <summary>Runs step <paramref name="t"/> on <paramref name="input"/> and learns when it is a learning step; returns the logits.</summary>
    public ReadOnlySpan<float> Step(ReadOnlySpan<float> input, int t)
    {
        var counters = _network.Counters;
        counters.Phase = Phase.Inference;
        _network.CountPrediction(t);
        var logits = _network.Step(input);
        if (LearnsAt(t))
        {
            counters.Phase = Phase.Learning;
            _lossSum += CrossEntropy.LossAndGradient(logits, _label, _classes, 1f, _logitGrad);
            LastLoss = (float)(_lossSum / ++_lossCount);
            counters.Host(HostCounter.Ops, _stages.Length - 1, 6L * _classes);
            Backward(counters);
            _hasGradient = true;
            counters.Phase = Phase.Inference;
        }
        counters.EndStep();
        if (_hasGradient && Spec.Learning.Mode == StllrMode.Online)
        {
            Update(rescale: false);
        }
        return logits;
    }

    /// <summary>Ends the sample: the host's update (per-sample mode).</summary>
    public void EndSample()
    {
        if (_hasGradient)
        {
            Update(rescale: true);
        }
        _network.Counters.Samples++;
    }

    /// <inheritdoc />
    void IStepModel.BeginInference() => ((IStepModel)_network).BeginInference();

    /// <inheritdoc />
    ReadOnlySpan<float> IStepModel.Infer(ReadOnlySpan<float> input, int t) => ((IStepModel)_network).Infer(input, t);

    /// <inheritdoc />
    void IStepModel.EndInference() => ((IStepModel)_network).EndInference();

    /// <summary>The learning signal, top-down from the logits, and every learning layer's engine step.</summary>
    private void Backward(ChipCounters counters)
    {
        Span<float> current = _a;
        Span<float> next = _b;
        _logitGrad.AsSpan().CopyTo(current);
        for (var i = _stages.Length - 1; i >= 0; i--)
        {
            var stage = _stages[i];
            var need = _learnableBelow[i];
            if (!need && !Learns(stage))
            {
                break;
            }
            stage.Backward(_network.InputOf(i), current, next, need, counters);
            if (!need)
            {
                break;
            }
            var swap = current;
            current = next;
            next = swap;
        }
    }

    /// <summary>
    /// The host's update: drain every accumulator, the optimizer step on the float master copy, the
    /// quantised weights written back. <paramref name="rescale"/> re-chooses the layers' scales (between samples only).
    /// </summary>
    private void Update(bool rescale)
    {
        var counters = _network.Counters;
        counters.Phase = Phase.Learning;
        var mapping = _network.Mapping;
        var host = _network.Host;
        foreach (var stage in _stages)
        {
            var entries = stage switch
            {
                LifStage lif when lif.Learning => Drain(lif, (LifLayer)host.Layers[stage.Index]),
                CompartmentStage readout when readout.Learning => Drain(readout, host.Layers[stage.Index]),
                _ => -1L,
            };
            if (entries < 0 && stage is not HostReadoutStage)
            {
                continue;
            }
            var layer = stage.Index;
            long parameters = 0, weights = 0;
            var list = host.Layers[layer].Parameters;
            for (var k = 0; k < list.Count; k++)
            {
                parameters += list[k].Count;
                weights += list[k].Shape.Count > 1 ? list[k].Count : 0;
            }
            var standardized = stage.Mapping.Spec.Standardize ? StandardizationOps * weights : 0;
            counters.Host(HostCounter.Ops, layer, Math.Max(0, entries) + standardized + (OptimizerOps * parameters) + (QuantizationOps * weights));
            if (entries > 0)
            {
                counters.Host(HostCounter.TransferBytes, layer, 2 * entries);
                counters.Add(Counter.HostReadWords, stage.Mapping.Partition!.Value.FirstCore, ((entries * 16) + 63) / 64);
                WriteBack(stage, counters);
            }
        }
        _host.ApplyUpdate();
        _network.Load(rescale);
        counters.EndUpdate();
        counters.Phase = Phase.Inference;
        _hasGradient = false;
    }

    private static long Drain(LifStage stage, LifLayer layer)
    {
        stage.Drain(layer);
        return stage.AccumulatorEntries;
    }

    private static long Drain(CompartmentStage stage, Layer layer)
    {
        stage.Drain(layer);
        return stage.AccumulatorEntries;
    }

    /// <summary>Counts the host rewriting every core's synapse entries (and the transposed copy), biases and thresholds.</summary>
    private void WriteBack(ChipStage stage, ChipCounters counters)
    {
        var layer = stage.Mapping;
        var encoding = layer.Encoding!;
        var p = layer.Partition!.Value;
        for (var core = p.FirstCore; core < p.FirstCore + p.Cores; core++)
        {
            var placed = _network.Mapping.Cores[core];
            var bits = (placed.SynapseEntries * encoding.PlasticBits) + (layer.FeedbackCopy ? placed.SynapseEntries * encoding.StaticBits : 0) + (placed.Neurons * 32L);
            var words = (bits + 63) / 64;
            counters.Add(Counter.HostWriteWords, core, words);
            counters.Add(Counter.MemoryWriteBytes, core, words * 8);
            counters.Host(HostCounter.TransferBytes, stage.Index, words * 8);
        }
    }

    private static bool Learns(ChipStage stage) => stage switch
    {
        SynapticStage s => s.Learning,
        HostReadoutStage => true,
        _ => false,
    };
}
