using Edge.Runtime.Learning.Rules;
using Edge.Runtime.Learning.Stllr;
using Edge.Runtime.Specs;

namespace Edge.Runtime.Learning;

/// <summary>
/// Creates a learner by rule name — from <c>--rule</c>, or else the spec's <c>rule</c> field — for
/// the same network spec: <c>stllr</c>, <c>bptt</c>, <c>ttl-bptt</c>, <c>bpsta</c>, <c>ottt</c>,
/// <c>eprop</c>, <c>event-driven</c>. A rule that brings its own neuron model gets it written into
/// the spec it runs (<see cref="Prepare"/>): BP-STA's HTGLIF neurons, event-driven learning's
/// dual-exponential neurons; the other rules train the spec's LIF neurons as they are.
/// </summary>
public static class LearnerFactory
{
    /// <summary>The rule names, S-TLLR first.</summary>
    public static IReadOnlyList<string> Rules { get; } = ["stllr", "bptt", "ttl-bptt", "bpsta", "ottt", "eprop", "event-driven"];

    /// <summary>
    /// The spec as <paramref name="rule"/> (null: the spec's own rule) runs it: the rule recorded in
    /// <c>Learning.Rule</c>, the rule's neuron model on the spiking layers, and for <c>bptt</c> the
    /// official baselines' quirks when <c>rule_options</c> asks for them.
    /// </summary>
    public static NetworkSpec Prepare(NetworkSpec spec, string? rule = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var name = Resolve(spec, rule);
        var options = spec.Learning.RuleOptions;
        var neuron = name switch
        {
            "bpsta" => NeuronModel.Htglif,
            "event-driven" => NeuronModel.DualExp,
            _ => NeuronModel.Lif,
        };
        var layers = new List<LayerSpec>(spec.Layers.Count);
        for (var i = 0; i < spec.Layers.Count; i++)
        {
            var layer = spec.Layers[i];
            if (layer.IsSpiking)
            {
                layer = WithNeuron(layer, neuron, name, i, options);
                if (name == "bptt" && options.BpttHiddenLeak is float leak)
                {
                    layer = layer with { Decay = SpecReader.Sigmoid(leak) };
                }
            }
            else if (name == "bptt" && options.BpttAvgPooling && layer.Kind == LayerKind.MaxPool2d)
            {
                layer = layer with { Kind = LayerKind.AvgPool2d };
            }
            layers.Add(layer);
        }
        return spec with
        {
            Layers = layers,
            Shapes = SpecShapes.Infer(TensorShape.Of(spec.InputShape), layers, spec.Classes),
            Learning = spec.Learning with { Rule = name },
        };
    }

    /// <summary>
    /// Builds the network of <paramref name="spec"/> as <paramref name="rule"/> runs it (see
    /// <see cref="Prepare"/>) and its learner. S-TLLR networks keep their eligibility traces; the
    /// other rules build without them and keep their own state. The learner is sized for
    /// <paramref name="timeSteps"/> steps per sample (default: the spec's T), which fixes the
    /// history of the rules that backpropagate through time.
    /// </summary>
    /// <param name="spec">The network spec.</param>
    /// <param name="options">How to build the network (learning is forced on).</param>
    /// <param name="rule">The rule (null: the spec's).</param>
    /// <param name="timeSteps">Steps per sample (null: the spec's T).</param>
    /// <param name="loss">A loss on the output (e.g. flow) in place of cross-entropy on labels; stllr and bptt take one.</param>
    /// <exception cref="SpecException">An unknown rule, a layer it cannot train, or a loss it does not take.</exception>
    public static ILearner Create(NetworkSpec spec, NetworkOptions options, string? rule = null, int? timeSteps = null, IOutputLoss? loss = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var prepared = Prepare(spec, rule);
        if (timeSteps is int t)
        {
            prepared = prepared with { TimeSteps = t };
        }
        var name = prepared.Learning.Rule;
        var network = Network.Build(prepared, options with { Learning = true, Traces = name == "stllr" });
        if (loss is not null && name is not ("stllr" or "bptt"))
        {
            throw new SpecException("--rule", $"the {name} rule learns class labels only; a loss on the output (flow) is learned with stllr or bptt");
        }
        return name switch
        {
            "stllr" => new StllrLearner(network, loss),
            "bptt" or "ttl-bptt" or "bpsta" or "event-driven" => ThroughTimeLearner.Create(network, name, prepared.TimeSteps, loss),
            _ => OnlineTraceLearner.Create(network, name, prepared.TimeSteps),
        };
    }

    /// <summary>
    /// The rule whose learner makes the same updates as <paramref name="rule"/> on
    /// <paramref name="spec"/>: <c>ottt</c> for <c>eprop</c> with κ = 0 (a stateless readout and no
    /// <c>rule_options.kappa</c>: the same presynaptic eligibility, the same same-step signal, no
    /// filter), otherwise <paramref name="rule"/> itself.
    /// </summary>
    public static string EquivalentRule(NetworkSpec spec, string rule)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return rule == "eprop" && OnlineTraceLearner.EpropKappa(spec) == 0f ? "ottt" : rule;
    }

    private static string Resolve(NetworkSpec spec, string? rule)
    {
        var name = rule ?? spec.Learning.Rule;
        foreach (var known in Rules)
        {
            if (known == name)
            {
                return known;
            }
        }
        throw new SpecException(rule is null ? "$.rule" : "--rule", $"unknown learning rule '{name}' (known: {string.Join(", ", Rules)})");
    }

    private static LayerSpec WithNeuron(LayerSpec layer, NeuronModel neuron, string rule, int index, RuleOptions options)
    {
        if (layer.Neuron == neuron)
        {
            return layer;
        }
        if (layer.Kind is LayerKind.LinearRecurrent or LayerKind.ConvTranspose2d)
        {
            throw new SpecException($"$.layers[{index}]",
                $"the {rule} rule brings its own neurons, which this runtime has for conv2d and linear layers, not for {SpecShapes.TypeName(layer.Kind)}");
        }
        if (layer.Neuron != NeuronModel.Lif)
        {
            throw new SpecException($"$.layers[{index}].neuron",
                $"'{Name(layer.Neuron)}' neurons are trained by the {(layer.Neuron == NeuronModel.Htglif ? "bpsta" : "event-driven")} rule, not by {rule}");
        }
        return neuron switch
        {
            // HTGLIF keeps the spec's γ and θ; it always resets hard.
            NeuronModel.Htglif => layer with { Neuron = neuron, Reset = ResetMode.Hard },
            _ => layer with { Neuron = neuron, Threshold = options.EventThreshold },
        };
    }

    private static string Name(NeuronModel model) => model switch
    {
        NeuronModel.Htglif => "htglif",
        NeuronModel.DualExp => "dual-exp",
        _ => "lif",
    };
}
