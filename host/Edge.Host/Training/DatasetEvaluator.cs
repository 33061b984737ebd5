using Edge.Drivers.Datasets;
using Edge.Runtime;
using Edge.Runtime.Online;

namespace Edge.Host.Training;

/// <summary>
/// Evaluates a network on a framed dataset, one sample at a time through the sample loop in
/// inference mode: every frame of a sample (all its complete time bins, as the official test
/// loaders give whole recordings) is run without learning, and the spec's prediction rule makes
/// the prediction. Disposing it closes the dataset.
/// </summary>
public sealed class DatasetEvaluator : IDisposable
{
    private readonly SampleFramer _framer;
    private readonly PrequentialLoop _loop;

    /// <summary>Evaluates <paramref name="network"/> (batch 1) on the samples of <paramref name="framer"/>.</summary>
    /// <exception cref="ArgumentException">The network is not batch 1, or the frames do not fit its input.</exception>
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
        _framer = framer;
        NetworkName = network.Spec.Name;
        _loop = PrequentialLoop.For(network, framer);
    }

    /// <summary>Samples in the split.</summary>
    public int Count => _framer.Dataset.Count;

    /// <summary>Samples evaluated.</summary>
    public long Samples => _loop.Samples;

    /// <summary>Samples predicted correctly.</summary>
    public long Correct => _loop.Correct;

    /// <summary>Events binned into frames.</summary>
    public long Events => _loop.Events;

    /// <summary>Network steps run.</summary>
    public long Steps => _loop.Steps;

    /// <summary>Fraction predicted correctly (0 before the first sample).</summary>
    public double Accuracy => Samples == 0 ? 0 : Correct / (double)Samples;

    /// <summary>Name of the network's spec.</summary>
    public string NetworkName { get; }

    /// <summary>The dataset being evaluated.</summary>
    public EventDataset Dataset => _framer.Dataset;

    /// <summary>Evaluates the next sample; false at the end of the split.</summary>
    public bool Next(out SampleOutcome outcome) => _loop.Next(out outcome);

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
