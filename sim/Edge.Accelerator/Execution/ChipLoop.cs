using Edge.Runtime.Events;
using Edge.Runtime.Online;

namespace Edge.Accelerator.Execution;

/// <summary>The sample loop on the chip model: the runtime's <see cref="PrequentialLoop"/> driving the chip network, or its learner when it learns.</summary>
public static class ChipLoop
{
    /// <summary>
    /// A test-then-train loop over <paramref name="frames"/> on <paramref name="network"/> (learning
    /// with S-TLLR when the network was built to learn), with its spec's prediction rule.
    /// </summary>
    public static PrequentialLoop For(ChipNetwork network, IFrameSource frames)
    {
        ArgumentNullException.ThrowIfNull(network);
        var spec = network.Mapping.Spec;
        IStepModel model = network.Learning ? new ChipLearner(network) : network;
        return new PrequentialLoop(model, frames, spec.Prediction, spec.TimeSteps, spec.EffectiveLearnSteps);
    }
}
