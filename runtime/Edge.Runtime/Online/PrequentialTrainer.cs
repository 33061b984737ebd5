using Edge.Runtime.Events;
using Edge.Runtime.Learning;

namespace Edge.Runtime.Online;

/// <summary>What happened to one sample of the stream.</summary>
/// <param name="Label">True class.</param>
/// <param name="Prediction">Predicted class (argmax of the logits summed over the steps).</param>
/// <param name="Events">Events binned into the sample's frames.</param>
/// <param name="Loss">Mean loss of its learning steps (0 when not learning).</param>
public readonly record struct SampleOutcome(int Label, int Prediction, long Events, float Loss)
{
    /// <summary>True when the prediction was right.</summary>
    public bool Correct => Label == Prediction;
}

/// <summary>
/// The test-then-train loop (prequential evaluation) over a labelled event stream: for each
/// segment, frames are binned and fed step by step; the prediction is the argmax of the logits
/// summed over the steps computed before any update from that segment, then the learner updates.
/// The loop itself allocates nothing; it is what <c>edge demo</c>, <c>edge run</c> and <c>edge train</c> drive.
/// </summary>
public sealed class PrequentialTrainer
{
    private readonly ILearner _learner;
    private readonly SegmentFramer _framer;
    private readonly float[] _logitSum;
    private readonly int[] _label = new int[1];

    /// <summary>Creates the loop; the framer's frames must match the network input.</summary>
    public PrequentialTrainer(ILearner learner, SegmentFramer framer)
    {
        ArgumentNullException.ThrowIfNull(learner);
        ArgumentNullException.ThrowIfNull(framer);
        var network = learner.Network;
        if (network.Batch != 1)
        {
            throw new ArgumentException("a stream is learned one sample at a time: build the network with batch 1", nameof(learner));
        }
        if (framer.Binner.FrameLength != network.Spec.InputSize)
        {
            throw new ArgumentException(
                $"frames of {framer.Binner.Channels}x{framer.Binner.Height}x{framer.Binner.Width} do not fit the network input {string.Join('x', network.Spec.InputShape)}",
                nameof(framer));
        }
        if (framer.Steps != learner.TimeSteps)
        {
            throw new ArgumentException($"the framer makes {framer.Steps} frames per sample, the learner expects {learner.TimeSteps}", nameof(framer));
        }
        _learner = learner;
        _framer = framer;
        _logitSum = new float[network.Spec.Classes];
    }

    /// <summary>When false, samples are only evaluated (no update).</summary>
    public bool Learn { get; set; } = true;

    /// <summary>Samples seen.</summary>
    public long Samples { get; private set; }

    /// <summary>Samples predicted correctly.</summary>
    public long Correct { get; private set; }

    /// <summary>Network time steps run.</summary>
    public long Steps { get; private set; }

    /// <summary>Events binned into frames.</summary>
    public long Events => _framer.EventsTotal;

    /// <summary>The framer (its binner and counters).</summary>
    public SegmentFramer Framer => _framer;

    /// <summary>The learner.</summary>
    public ILearner Learner => _learner;

    /// <summary>Runs one segment (test, then train); false at the end of the stream.</summary>
    public bool Next(out SampleOutcome outcome)
    {
        if (!_framer.MoveNext())
        {
            outcome = default;
            return false;
        }
        var label = _framer.Current.Label;
        _label[0] = label;
        var network = _learner.Network;
        if (Learn)
        {
            _learner.BeginSample(_label);
        }
        else
        {
            network.ResetState(training: false);
        }
        Array.Clear(_logitSum);
        var predictSteps = Learn ? _learner.StepsBeforeUpdate : _learner.TimeSteps;
        for (var t = 0; t < _learner.TimeSteps; t++)
        {
            _framer.NextFrame();
            var logits = Learn ? _learner.Step(_framer.Frame, t) : network.Step(_framer.Frame, training: false);
            if (t < predictSteps)
            {
                System.Numerics.Tensors.TensorPrimitives.Add(_logitSum, logits, _logitSum);
            }
        }
        if (Learn)
        {
            _learner.EndSample();
        }
        Steps += _learner.TimeSteps;
        var prediction = CrossEntropy.ArgMax(_logitSum);
        Samples++;
        if (prediction == label)
        {
            Correct++;
        }
        outcome = new SampleOutcome(label, prediction, _framer.EventsInSegment, Learn ? _learner.LastLoss : 0f);
        return true;
    }
}
