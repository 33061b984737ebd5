using Edge.Runtime.Layers;
using Edge.Runtime.Learning.Rules;
using Edge.Runtime.Memory;
using Edge.Runtime.Specs;

namespace Edge.Runtime.Learning.Stllr;

/// <summary>
/// S-TLLR exactly as the official code trains (learning-rules.md §1.5): forward every step, after
/// which each spiking layer's <see cref="LifStllr"/> updates its traces; on the last T_l steps,
/// cross-entropy on this step's logits and a same-step learning signal (BP, DFA, sDFA, LocalLoss or
/// shallow) that each spiking layer turns into a local weight update from its own traces; mode
/// <c>stllr</c> applies one optimizer step per sample, <c>stllr-online</c> one per learning step.
/// No state grows with T.
/// </summary>
public sealed class StllrLearner : ILearner
{
    private readonly Layer[] _layers;
    private readonly LayerLearning[] _parts;
    private readonly Optimizer _optimizer;
    private readonly LearningSignal _signal;
    private readonly int[] _labels;
    private readonly float[] _logitGrad;
    private readonly int _classes;
    private readonly IOutputLoss? _loss;
    private bool _hasGradient;
    private bool _lossNotFinite;
    private double _lossSum;
    private int _lossCount;

    /// <summary>Builds the learner (traces, learning signal buffers, optimizer state) for a learning network built with traces.</summary>
    /// <exception cref="ArgumentException">The network was built for inference only or without traces.</exception>
    public StllrLearner(Network network, int? timeSteps = null, int? learnSteps = null) : this(network, null, timeSteps, learnSteps)
    {
    }

    /// <summary>
    /// As <see cref="StllrLearner(Network, int?, int?)"/>, learning <paramref name="loss"/> on the
    /// network's output instead of cross-entropy on the labels (null: cross-entropy).
    /// </summary>
    /// <exception cref="ArgumentException">The network was built for inference only or without traces.</exception>
    public StllrLearner(Network network, IOutputLoss? loss, int? timeSteps = null, int? learnSteps = null)
    {
        _loss = loss;
        ArgumentNullException.ThrowIfNull(network);
        if (!network.Learning)
        {
            throw new ArgumentException("the network was built for inference only (NetworkOptions.Learning = false)", nameof(network));
        }
        if (!network.Options.Traces)
        {
            throw new ArgumentException("S-TLLR reads the layers' traces, and the network was built without them (NetworkOptions.Traces = false)", nameof(network));
        }
        Network = network;
        var spec = network.Spec;
        Spec = spec.Learning;
        TimeSteps = timeSteps ?? spec.TimeSteps;
        LearnSteps = Math.Min(learnSteps ?? spec.LearnSteps, TimeSteps);
        _layers = [.. network.Layers];
        _classes = network.Layers[^1].OutputShape.Size;
        var ledger = network.Ledger;
        _labels = new int[network.Batch];
        _logitGrad = ledger.Floats(MemoryCategory.Scratch, network.Batch * _classes);
        _parts = RuleLearner.LayersOf(network, layer => layer is LifLayer lif ? new LifStllr(lif, network) : new SameStepLearning(layer, network));
        _signal = new LearningSignal(network, _parts, Spec.Feedback, ledger);

        var parameters = new List<Parameter>();
        foreach (var (_, p) in network.Parameters())
        {
            parameters.Add(p);
        }
        parameters.AddRange(_signal.Parameters);
        _optimizer = new Optimizer(parameters, Spec, ledger);
    }

    /// <inheritdoc />
    public string Rule => "stllr";

    /// <inheritdoc />
    public Network Network { get; }

    /// <summary>Learning settings of the spec.</summary>
    public LearningSpec Spec { get; }

    /// <inheritdoc />
    public int TimeSteps { get; }

    /// <inheritdoc />
    public int LearnSteps { get; }

    /// <inheritdoc />
    public Optimizer Optimizer => _optimizer;

    /// <summary>The learning-signal generator (for checkpoints of LocalLoss classifiers).</summary>
    public LearningSignal Signal => _signal;

    /// <inheritdoc />
    public int StepsBeforeUpdate => Spec.Mode == StllrMode.PerSample ? TimeSteps : TimeSteps - LearnSteps + 1;

    /// <inheritdoc />
    public float LastLoss { get; private set; }

    /// <summary>Loss (cross-entropy, or the output loss) of the most recent learning step.</summary>
    public float LastStepLoss { get; private set; }

    /// <inheritdoc />
    public MemoryReport Memory => Network.Ledger.Report();

    /// <summary>True when step <paramref name="t"/> carries a learning signal (t ≥ T − T_l).</summary>
    public bool LearnsAt(int t) => t >= TimeSteps - LearnSteps;

    /// <inheritdoc />
    public void BeginSample(ReadOnlySpan<int> labels)
    {
        SampleLabels.Keep(labels, _labels, _classes);
        ResetSampleState();
        if (_hasGradient)
        {
            _optimizer.ZeroGrad();
            _hasGradient = false;
        }
        _lossNotFinite = false;
        _lossSum = 0;
        _lossCount = 0;
    }

    /// <inheritdoc />
    public ReadOnlySpan<float> Step(ReadOnlySpan<float> input, int t)
    {
        var logits = Forward(input, backwardFollows: LearnsAt(t));
        if (!LearnsAt(t))
        {
            return logits;
        }
        // ∂CE_mean/∂z = (softmax(z) − onehot)/B, or the output loss's gradient.
        var loss = _loss is null
            ? CrossEntropy.LossAndGradient(logits, _labels, _classes, 1f / Network.Batch, _logitGrad)
            : _loss.LossAndGradient(logits, _logitGrad);
        LastStepLoss = loss;
        _lossNotFinite |= !float.IsFinite(loss);
        _lossSum += loss;
        _lossCount++;
        LastLoss = (float)(_lossSum / _lossCount);
        Backward(_logitGrad);
        if (Spec.Mode == StllrMode.Online)
        {
            ApplyUpdate();
        }
        return Network.Output;
    }

    /// <summary>
    /// The forward pass of a training step without a loss: the network's step, then every spiking
    /// layer's traces. <see cref="Step"/> runs it; a caller that brings its own learning signal runs
    /// it (not <see cref="Network.Step(ReadOnlySpan{float}, bool)"/>) before <see cref="Backward"/>.
    /// With <paramref name="backwardFollows"/> false the layers skip the caches only a backward of
    /// this step reads. Returns the network's output.
    /// </summary>
    public ReadOnlySpan<float> Forward(ReadOnlySpan<float> input, bool backwardFollows)
    {
        var output = Network.Step(input, training: true, backwardFollows);
        for (var i = 0; i < _parts.Length; i++)
        {
            _parts[i].AfterForward(0, Network.InputOf(i));
        }
        return output;
    }

    /// <summary>The S-TLLR part of layer <paramref name="index"/> (its traces, for golden cases).</summary>
    internal LayerLearning PartOf(int index) => _parts[index];

    /// <inheritdoc />
    public void EndSample()
    {
        if (Spec.Mode == StllrMode.PerSample && _hasGradient)
        {
            ApplyUpdate();
        }
    }

    /// <inheritdoc />
    public void SetEpoch(int epoch) => _optimizer.LearningRate = LearningRateSchedule.At(Spec, epoch);

    /// <summary>
    /// Same-step backward from <paramref name="outputGradient"/> (∂loss/∂output of the last layer,
    /// [B, outputs]) through the learning signal, after <see cref="Forward"/> of the step; every
    /// learnable layer accumulates its gradient.
    /// </summary>
    public void Backward(ReadOnlySpan<float> outputGradient)
    {
        _signal.Backward(outputGradient, _labels);
        _hasGradient = true;
    }

    /// <summary>
    /// As <see cref="Backward"/>, and also writes ∂loss/∂input of the first layer (channels-last)
    /// into <paramref name="inputGradient"/> — used to check the learning signal against reference values.
    /// </summary>
    public void BackwardToInput(ReadOnlySpan<float> outputGradient, Span<float> inputGradient)
    {
        _signal.Backward(outputGradient, _labels, inputGradient);
        _hasGradient = true;
    }

    /// <summary>Maps gradients to the raw parameters (weight standardization backward).</summary>
    public void FinishGradients()
    {
        foreach (var layer in _layers)
        {
            layer.FinishGradients();
        }
    }

    /// <summary>
    /// Finishes the gradients, takes one optimizer step, zeroes the gradients and refreshes W_eff.
    /// An update whose loss, gradients or parameters are not finite is rejected (see
    /// <see cref="Optimizer.Step"/>): nothing changes but the sample's neuron state, which is reset.
    /// </summary>
    public void ApplyUpdate()
    {
        bool applied;
        if (_lossNotFinite)
        {
            _optimizer.Reject();
            applied = false;
        }
        else
        {
            FinishGradients();
            applied = _optimizer.Step();
        }
        _optimizer.ZeroGrad();
        _hasGradient = false;
        _lossNotFinite = false;
        if (applied)
        {
            Network.RefreshWeights();
        }
        else
        {
            ResetSampleState();
        }
    }

    /// <summary>Resets the neuron state and every layer's S-TLLR traces, as at the start of a sample.</summary>
    private void ResetSampleState()
    {
        Network.ResetState(training: true);
        foreach (var part in _parts)
        {
            part.ResetSample();
        }
    }
}
