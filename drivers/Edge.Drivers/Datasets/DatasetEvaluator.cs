using Edge.Runtime;
using Edge.Runtime.Learning;
using Edge.Runtime.Online;

namespace Edge.Drivers.Datasets;

/// <summary>
/// Evaluates a network on a framed dataset, one sample at a time: every frame of a sample (all its
/// complete time bins, as the official test loaders give whole recordings) is run without
/// learning; the prediction is the argmax of the logits summed over the frames. Disposing it
/// closes the dataset.
/// </summary>
public sealed class DatasetEvaluator : IDisposable
{
    private readonly Network _network;
    private readonly SampleFramer _framer;
    private readonly float[] _frame;
    private readonly float[] _logitSum;

    /// <summary>Evaluates <paramref name="network"/> (batch 1) on the samples of <paramref name="framer"/>.</summary>
    public DatasetEvaluator(Network network, SampleFramer framer)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(framer);
        if (network.Batch != 1)
        {
            throw new ArgumentException("evaluation runs one sample at a time: build the network with batch 1", nameof(network));
        }
        if (framer.FrameLength != network.Spec.InputSize)
        {
            throw new ArgumentException($"frames of {framer.Recipe.ShapeText} do not fit the input [{string.Join(", ", network.Spec.InputShape)}] of '{network.Spec.Name}'", nameof(framer));
        }
        _network = network;
        _framer = framer;
        _frame = new float[framer.FrameLength];
        _logitSum = new float[network.Spec.Classes];
    }

    /// <summary>Samples in the split.</summary>
    public int Count => _framer.Dataset.Count;

    /// <summary>Samples evaluated.</summary>
    public long Samples { get; private set; }

    /// <summary>Samples predicted correctly.</summary>
    public long Correct { get; private set; }

    /// <summary>Events binned into frames.</summary>
    public long Events { get; private set; }

    /// <summary>Network steps run.</summary>
    public long Steps { get; private set; }

    /// <summary>Fraction predicted correctly (0 before the first sample).</summary>
    public double Accuracy => Samples == 0 ? 0 : Correct / (double)Samples;

    /// <summary>Name of the network's spec.</summary>
    public string NetworkName => _network.Spec.Name;

    /// <summary>The dataset being evaluated.</summary>
    public EventDataset Dataset => _framer.Dataset;

    /// <summary>Evaluates the next sample; false at the end of the split.</summary>
    public bool Next(out SampleOutcome outcome)
    {
        if (!_framer.MoveNext())
        {
            outcome = default;
            return false;
        }
        _network.ResetState(training: false);
        Array.Clear(_logitSum);
        while (_framer.NextFrame(_frame))
        {
            var logits = _network.Step(_frame, training: false);
            System.Numerics.Tensors.TensorPrimitives.Add(_logitSum, logits, _logitSum);
            Steps++;
        }
        var label = _framer.Current.Label;
        var prediction = CrossEntropy.ArgMax(_logitSum);
        Samples++;
        Events += _framer.EventsInSample;
        if (prediction == label)
        {
            Correct++;
        }
        outcome = new SampleOutcome(label, prediction, _framer.EventsInSample, 0f);
        return true;
    }

    /// <summary>Closes the dataset being evaluated.</summary>
    public void Dispose() => _framer.Dataset.Dispose();

    /// <summary>
    /// A batch-1 inference network with the parameters of <paramref name="trained"/> (same spec and
    /// seed): what a checkpoint of it restores to, so evaluating either gives the same predictions.
    /// </summary>
    public static Network InferenceCopy(Network trained)
    {
        ArgumentNullException.ThrowIfNull(trained);
        var copy = Network.Build(trained.Spec, new NetworkOptions(1, Learning: false, Seed: trained.Options.Seed));
        var from = trained.Parameters();
        var to = copy.Parameters();
        for (var i = 0; i < from.Count; i++)
        {
            from[i].Parameter.Value.CopyTo(to[i].Parameter.Value, 0);
        }
        copy.RefreshWeights();
        return copy;
    }
}
