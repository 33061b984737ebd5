using Edge.Accelerator.Counting;
using Edge.Runtime.Events;
using Edge.Runtime.Learning;
using Edge.Runtime.Online;

namespace Edge.Accelerator.Execution;

/// <summary>
/// The test-then-train loop on the chip model, as <see cref="PrequentialTrainer"/> on the CPU: each
/// segment of the stream is binned into T frames and stepped; the prediction is the argmax of the
/// logits summed over the steps computed before any update from that sample; then the host updates.
/// With <see cref="Learn"/> off the samples are only evaluated.
/// </summary>
public sealed class ChipTrainer
{
    private readonly SegmentFramer _framer;
    private readonly float[] _logitSum;

    /// <summary>Creates the loop for <paramref name="network"/> (and its learner when it learns).</summary>
    public ChipTrainer(ChipNetwork network, SegmentFramer framer)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(framer);
        if (framer.Binner.FrameLength != network.Mapping.Spec.InputSize)
        {
            throw new ArgumentException(
                $"frames of {framer.Binner.Channels}x{framer.Binner.Height}x{framer.Binner.Width} do not fit the network input {string.Join('x', network.Mapping.Spec.InputShape)}",
                nameof(framer));
        }
        Network = network;
        Learner = network.Learning ? new ChipLearner(network) : null;
        Learn = Learner is not null;
        _framer = framer;
        _logitSum = new float[network.Mapping.Spec.Classes];
    }

    /// <summary>The chip network.</summary>
    public ChipNetwork Network { get; }

    /// <summary>Its learner (null for an inference-only network).</summary>
    public ChipLearner? Learner { get; }

    /// <summary>Learn from each sample after predicting it.</summary>
    public bool Learn { get; set; }

    /// <summary>Samples seen.</summary>
    public long Samples { get; private set; }

    /// <summary>Samples predicted correctly.</summary>
    public long Correct { get; private set; }

    /// <summary>Events binned into frames.</summary>
    public long Events => _framer.EventsTotal;

    /// <summary>Runs one segment (test, then train); false at the end of the stream.</summary>
    public bool Next(out SampleOutcome outcome)
    {
        if (!_framer.MoveNext())
        {
            outcome = default;
            return false;
        }
        var label = _framer.Current.Label;
        var learner = Learn ? Learner : null;
        if (learner is not null)
        {
            learner.BeginSample(label);
        }
        else
        {
            Network.Counters.Phase = Phase.Inference;
            Network.ResetState(training: false);
        }
        Array.Clear(_logitSum);
        var steps = Network.Mapping.Spec.TimeSteps;
        var predictSteps = learner?.StepsBeforeUpdate ?? steps;
        for (var t = 0; t < steps; t++)
        {
            _framer.NextFrame();
            if (t == steps - 1)
            {
                // The host's argmax over the summed logits closes the sample.
                Network.Counters.Host(HostCounter.Ops, Network.Mapping.Spec.Layers.Count - 1, _logitSum.Length);
            }
            ReadOnlySpan<float> logits;
            if (learner is not null)
            {
                logits = learner.Step(_framer.Frame, t);
            }
            else
            {
                logits = Network.Step(_framer.Frame);
                Network.Counters.EndStep();
            }
            if (t < predictSteps)
            {
                System.Numerics.Tensors.TensorPrimitives.Add(_logitSum, logits, _logitSum);
            }
        }
        var prediction = CrossEntropy.ArgMax(_logitSum);
        learner?.EndSample();
        Network.Counters.Samples++;
        Samples++;
        Correct += prediction == label ? 1 : 0;
        outcome = new SampleOutcome(label, prediction, _framer.EventsInSegment, 0f);
        return true;
    }
}
