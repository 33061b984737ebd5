using Edge.Runtime.Layers;
using Edge.Runtime.Memory;
using Edge.Runtime.Specs;

namespace Edge.Runtime.Learning.Rules;

/// <summary>
/// What every rule beside S-TLLR shares: the labels of the sample, the loss bookkeeping, the
/// optimizer over the network's parameters (and the rule's own) and the update step
/// (weight-standardization backward, optimizer step, zeroed gradients, refreshed W_eff).
/// </summary>
public abstract class RuleLearner : ILearner
{
    private readonly int[] _labels;
    private readonly Layer[] _layers;
    private readonly Optimizer _optimizer;
    private double _lossSum;
    private int _lossCount;
    private bool _hasGradient;
    private bool _lossNotFinite;

    /// <summary>Sets up a learner for <paramref name="network"/> (a learning build).</summary>
    protected RuleLearner(Network network, string rule, int timeSteps, IReadOnlyList<Parameter> ownParameters)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(ownParameters);
        if (!network.Learning)
        {
            throw new ArgumentException("the network was built for inference only (NetworkOptions.Learning = false)", nameof(network));
        }
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(timeSteps);
        Network = network;
        Rule = rule;
        TimeSteps = timeSteps;
        Classes = network.Layers[^1].OutputShape.Size;
        _labels = new int[network.Batch];
        _layers = [.. network.Layers];
        var parameters = new List<Parameter>();
        foreach (var (_, p) in network.Parameters())
        {
            parameters.Add(p);
        }
        parameters.AddRange(ownParameters);
        _optimizer = new Optimizer(parameters, network.Spec.Learning, network.Ledger);
    }

    /// <inheritdoc />
    public string Rule { get; }

    /// <inheritdoc />
    public Network Network { get; }

    /// <inheritdoc />
    public int TimeSteps { get; }

    /// <inheritdoc />
    public abstract int LearnSteps { get; }

    /// <inheritdoc />
    public abstract int StepsBeforeUpdate { get; }

    /// <inheritdoc />
    public float LastLoss { get; private set; }

    /// <inheritdoc />
    public MemoryReport Memory => Network.Ledger.Report();

    /// <inheritdoc />
    public Optimizer Optimizer => _optimizer;

    /// <summary>Width of the readout.</summary>
    protected int Classes { get; }

    /// <summary>Labels of the current sample, one per batch element.</summary>
    protected ReadOnlySpan<int> Labels => _labels;

    /// <inheritdoc />
    public void BeginSample(ReadOnlySpan<int> labels)
    {
        SampleLabels.Keep(labels, _labels, Classes);
        Network.ResetState(training: true);
        if (_hasGradient)
        {
            _optimizer.ZeroGrad();
            _hasGradient = false;
        }
        _lossNotFinite = false;
        _lossSum = 0;
        _lossCount = 0;
        OnBeginSample();
    }

    /// <summary>Resets the rule's own per-sample state.</summary>
    protected abstract void OnBeginSample();

    /// <inheritdoc />
    public abstract ReadOnlySpan<float> Step(ReadOnlySpan<float> input, int t);

    /// <inheritdoc />
    public virtual void EndSample()
    {
    }

    /// <inheritdoc />
    public void SetEpoch(int epoch) => _optimizer.LearningRate = LearningRateSchedule.At(Network.Spec.Learning, epoch);

    /// <summary>
    /// Mean cross-entropy of <paramref name="logits"/> ([B, classes]) against the sample's labels;
    /// writes ∂CE_mean/∂z = (softmax(z) − onehot)/B and records the loss.
    /// </summary>
    protected float CrossEntropyGradient(ReadOnlySpan<float> logits, Span<float> gradient)
    {
        var loss = CrossEntropy.LossAndGradient(logits, _labels, Classes, 1f / Network.Batch, gradient);
        _lossNotFinite |= !float.IsFinite(loss);
        _lossSum += loss;
        _lossCount++;
        LastLoss = (float)(_lossSum / _lossCount);
        _hasGradient = true;
        return loss;
    }

    /// <summary>The loss and ∂loss/∂output of <paramref name="loss"/> on <paramref name="output"/>, recorded as <see cref="CrossEntropyGradient"/> records cross-entropy.</summary>
    protected float OutputLossGradient(IOutputLoss loss, ReadOnlySpan<float> output, Span<float> gradient)
    {
        ArgumentNullException.ThrowIfNull(loss);
        var value = loss.LossAndGradient(output, gradient);
        _lossSum += value;
        _lossCount++;
        LastLoss = (float)(_lossSum / _lossCount);
        _hasGradient = true;
        return value;
    }

    /// <summary>
    /// Maps gradients to the raw parameters, takes one optimizer step, zeroes the gradients and
    /// refreshes W_eff (nothing when no learning step happened since the last update). An update
    /// whose loss, gradients or parameters are not finite is rejected (see <see cref="Optimizer.Step"/>):
    /// nothing changes but the sample's state — the neurons' and the rule's own — which is reset.
    /// </summary>
    protected void ApplyUpdate()
    {
        if (!_hasGradient)
        {
            return;
        }
        bool applied;
        if (_lossNotFinite)
        {
            _optimizer.Reject();
            applied = false;
        }
        else
        {
            foreach (var layer in _layers)
            {
                layer.FinishGradients();
            }
            applied = _optimizer.Step();
        }
        _optimizer.ZeroGrad();
        _hasGradient = false;
        _lossNotFinite = false;
        if (applied)
        {
            Network.RefreshWeights();
            return;
        }
        Network.ResetState(training: true);
        OnBeginSample();
    }

    /// <summary>Builds the learning part of every layer with <paramref name="create"/>.</summary>
    internal static LayerLearning[] LayersOf(Network network, Func<Layer, LayerLearning> create)
    {
        var layers = new LayerLearning[network.Layers.Count];
        for (var i = 0; i < layers.Length; i++)
        {
            layers[i] = create(network.Layers[i]);
        }
        return layers;
    }

    /// <summary>The error for a layer this rule cannot train.</summary>
    internal static SpecException Unsupported(Layer layer, string rule) =>
        new($"$.layers[{layer.Index}]", $"the {rule} rule cannot train a {layer.GetType().Name} layer");
}
