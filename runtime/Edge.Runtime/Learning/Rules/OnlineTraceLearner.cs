using Edge.Runtime.Kernels;
using Edge.Runtime.Layers;
using Edge.Runtime.Memory;
using Edge.Runtime.Specs;

namespace Edge.Runtime.Learning.Rules;

/// <summary>
/// The online rules whose eligibility is a presynaptic trace: <c>ottt</c> (Xiao et al. 2022,
/// OTTT_A: the instantaneous loss of every step, gradients accumulated over the sample, one
/// update at its end) and <c>eprop</c> (Bellec et al. 2020, LIF, symmetric feedback: the same
/// same-step learning signal, with the eligibility low-pass filtered by the readout's decay κ when
/// the readout is leaky; with a stateless readout κ = 0 and e-prop is OTTT, see
/// <see cref="LearnerFactory.EquivalentRule"/>). No state grows with T. See <see cref="LifEligibility"/>.
/// </summary>
public sealed class OnlineTraceLearner : RuleLearner, IMacSchedule
{
    private readonly Backprop _backprop;
    private readonly float[] _logitGrad;
    private readonly int _top;

    private OnlineTraceLearner(Network network, string rule, int timeSteps, LayerLearning[] layers)
        : base(network, rule, timeSteps, [])
    {
        _backprop = new Backprop(network, layers, network.Ledger);
        _logitGrad = network.Ledger.Floats(MemoryCategory.Scratch, network.Batch * Classes);
        _top = network.Layers.Count - 1;
    }

    /// <summary>Builds the <c>ottt</c> or <c>eprop</c> learner for <paramref name="timeSteps"/> steps per sample.</summary>
    public static OnlineTraceLearner Create(Network network, string rule, int timeSteps)
    {
        ArgumentNullException.ThrowIfNull(network);
        var kappa = rule == "eprop" ? EpropKappa(network.Spec) : 0f;
        var ledger = network.Ledger;
        var layers = LayersOf(network, layer => layer switch
        {
            LifLayer lif => new LifEligibility(lif, kappa, ledger),
            ReadoutLinear or ReadoutLeaky => new ReadoutEligibility(layer, ledger),
            MaxPool2d or AvgPool2d or GlobalAvgPool or Flatten or Dropout => new StatelessLearning(layer),
            _ => throw Unsupported(layer, rule),
        });
        return new OnlineTraceLearner(network, rule, timeSteps, layers);
    }

    /// <summary>
    /// e-prop's eligibility filter κ on <paramref name="spec"/>: <c>rule_options.kappa</c>, else the
    /// readout's decay (Bellec et al. filter the eligibility because the readout integrates). A
    /// stateless readout gives κ = 0, where e-prop's update is OTTT's.
    /// </summary>
    public static float EpropKappa(NetworkSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var readout = spec.Layers[^1];
        return spec.Learning.RuleOptions.Kappa ?? (readout.Kind == LayerKind.ReadoutLeaky ? readout.Decay : 0f);
    }

    /// <inheritdoc />
    public override int LearnSteps => TimeSteps;

    /// <inheritdoc />
    public override int StepsBeforeUpdate => TimeSteps;

    /// <inheritdoc />
    protected override void OnBeginSample() => _backprop.ResetSample();

    /// <inheritdoc />
    public override ReadOnlySpan<float> Step(ReadOnlySpan<float> input, int t)
    {
        var logits = Network.Step(input, training: true);
        _backprop.AfterForward(0);
        CrossEntropyGradient(logits, _logitGrad);
        _backprop.Step(0, _top, 0, _logitGrad);
        return logits;
    }

    /// <inheritdoc />
    public override void EndSample() => ApplyUpdate();

    /// <inheritdoc />
    public MacCounts MacsPerSample()
    {
        var step = _backprop.StepMacs(_top, 0);
        foreach (var layer in _backprop.Layers)
        {
            if (layer is LifEligibility eligibility)
            {
                step += eligibility.FilterMacs;
            }
        }
        return new MacCounts(TimeSteps * MacSchedule.ForwardPerStep(Network), TimeSteps * step.LearningSignal, TimeSteps * step.WeightUpdate);
    }
}
