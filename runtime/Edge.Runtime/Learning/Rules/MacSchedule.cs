using Edge.Runtime.Kernels;
using Edge.Runtime.Layers;
using Edge.Runtime.Learning.Stllr;
using Edge.Runtime.Specs;

namespace Edge.Runtime.Learning.Rules;

/// <summary>A learner that knows the MACs its schedule of kernel calls stands for.</summary>
public interface IMacSchedule
{
    /// <summary>Dense MACs of one sample of T steps, by kind, as the kernels count them.</summary>
    MacCounts MacsPerSample();
}

/// <summary>
/// MACs of one training sample computed from a learner's structure, without running it (for
/// <c>edge compare --dry</c>): the same dense per-call figures <see cref="MacCounter"/> adds up when
/// the kernels run, so the two must agree. Forward MACs are dense-equivalent: the kernels skip the
/// zeros of sparse spike maps, so the work actually done is lower.
/// </summary>
public static class MacSchedule
{
    /// <summary>MACs of one sample of <paramref name="learner"/>.</summary>
    public static MacCounts PerSample(ILearner learner) => learner switch
    {
        IMacSchedule schedule => schedule.MacsPerSample(),
        StllrLearner stllr => Stllr(stllr),
        null => throw new ArgumentNullException(nameof(learner)),
        _ => throw new NotSupportedException($"no MAC schedule for the {learner.Rule} learner"),
    };

    /// <summary>Dense forward MACs of one step of the whole batch.</summary>
    public static long ForwardPerStep(Network network)
    {
        ArgumentNullException.ThrowIfNull(network);
        long macs = 0;
        foreach (var layer in network.Layers)
        {
            macs += layer switch
            {
                LifRecurrent rec => rec.Geometry.DenseMacs + rec.Recurrent.Geometry.DenseMacs,
                LifLayer lif => lif.Geometry.DenseMacs,
                SynapseLayer synapse => synapse.Geometry.DenseMacs,
                ReadoutLinear or ReadoutLeaky => ConvGeometry.Linear(layer.Spec.In, layer.Spec.Out).DenseMacs,
                _ => 0,
            };
        }
        return macs * network.Batch;
    }

    /// <summary>
    /// S-TLLR (<see cref="LearningSignal"/>): on each of the T_l learning steps, every spiking layer
    /// computes one weight-gradient product per non-zero α (two for a recurrent layer's two
    /// synapses) and passes its signal down when a learnable layer lies below (BP); the readout adds
    /// its own gradient. DFA/sDFA project the error once per hook instead; LocalLoss also runs each
    /// hook's classifier forward and learns it.
    /// </summary>
    private static MacCounts Stllr(StllrLearner learner)
    {
        var network = learner.Network;
        var batch = network.Batch;
        var layers = network.Layers;
        var feedback = learner.Spec.Feedback;
        long signal = 0, update = 0, hookForward = 0;
        var learnableBelow = false;
        var classes = layers[^1].OutputShape.Size;
        for (var i = 0; i < layers.Count; i++)
        {
            var layer = layers[i];
            var passesDown = learnableBelow && feedback == FeedbackMode.Bp;
            learnableBelow |= layer.Parameters.Count > 0;
            if (layer.Spec.IsReadout && i == layers.Count - 1)
            {
                var g = layer is ReadoutFlow flow ? flow.Geometry.DenseMacs : ConvGeometry.Linear(layer.Spec.In, layer.Spec.Out).DenseMacs;
                update += g;
                signal += passesDown ? g : 0;
                continue;
            }
            if (layer is not LifLayer lif || feedback == FeedbackMode.Shallow)
            {
                continue;
            }
            var factors = lif.Spec.Factors;
            var products = (factors.AlphaPost != 0f ? 1 : 0) + (factors.AlphaPre != 0f ? 1 : 0);
            update += products * lif.Geometry.DenseMacs;
            if (lif is LifRecurrent rec)
            {
                update += products * rec.Recurrent.Geometry.DenseMacs;
            }
            signal += passesDown ? lif.Geometry.DenseMacs : 0;
            if (feedback is FeedbackMode.Dfa or FeedbackMode.SignDfa or FeedbackMode.LocalLoss)
            {
                var at = i;
                while (at + 1 < layers.Count && layers[at + 1].Spec.Kind is LayerKind.Dropout or LayerKind.MaxPool2d or LayerKind.AvgPool2d)
                {
                    at++;
                }
                var hook = ConvGeometry.Linear(layers[at].OutputShape.Size, classes).DenseMacs;
                signal += hook;
                if (feedback == FeedbackMode.LocalLoss)
                {
                    hookForward += hook;
                    update += hook;
                }
            }
        }
        var t = learner.TimeSteps;
        var tl = learner.LearnSteps;
        return new MacCounts(
            (t * ForwardPerStep(network)) + (tl * batch * hookForward),
            tl * batch * signal,
            tl * batch * update);
    }
}
