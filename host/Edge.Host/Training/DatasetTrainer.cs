using Edge.Drivers.Datasets;
using Edge.Runtime;
using Edge.Runtime.Learning;
using Edge.Runtime.Online;

namespace Edge.Host.Training;

/// <summary>What one training batch did.</summary>
/// <param name="Samples">Samples in the batch.</param>
/// <param name="Correct">Samples predicted correctly (with the weights the batch started with).</param>
/// <param name="Loss">The learner's mean loss over the batch's learning steps.</param>
/// <param name="Events">Events binned into the batch's frames.</param>
public readonly record struct BatchOutcome(int Samples, int Correct, float Loss, long Events);

/// <summary>
/// Epochs of training over a framed dataset: each epoch reads the samples in a fresh shuffled order
/// (seeded by the epoch, so an interrupted epoch resumes in the same order) with its own
/// augmentation, and the sample loop learns them B at a time (shorter samples padded with empty
/// frames, as the official batches are). With B &gt; 1 an incomplete last batch is left out.
/// </summary>
public sealed class DatasetTrainer
{
    private const ulong OrderStream = 1_000_000;
    private const ulong AugmentStream = 2_000_000;

    private readonly ILearner _learner;
    private readonly SampleFramer _framer;
    private readonly PrequentialLoop _loop;
    private readonly ulong _seed;

    /// <summary>Trains <paramref name="learner"/> on the frames of <paramref name="framer"/>; <paramref name="seed"/> fixes orders and augmentation.</summary>
    /// <exception cref="ArgumentException">The frames do not fit the network's input.</exception>
    public DatasetTrainer(ILearner learner, SampleFramer framer, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(learner);
        ArgumentNullException.ThrowIfNull(framer);
        var spec = learner.Network.Spec;
        if (framer.FrameLength != spec.InputSize)
        {
            throw new ArgumentException($"frames of {framer.Recipe.ShapeText} do not fit the input [{string.Join(", ", spec.InputShape)}] of '{spec.Name}'", nameof(framer));
        }
        _learner = learner;
        _framer = framer;
        _seed = seed;
        _loop = PrequentialLoop.For(learner, framer);
    }

    /// <summary>Samples per batch.</summary>
    public int Batch => _loop.Batch;

    /// <summary>Time steps per sample.</summary>
    public int Steps => _learner.TimeSteps;

    /// <summary>The learner.</summary>
    public ILearner Learner => _learner;

    /// <summary>The sample loop (its counters, including the inference passes of rules that update inside a sample).</summary>
    public PrequentialLoop Loop => _loop;

    /// <summary>Samples trained per epoch (whole batches only).</summary>
    public int SamplesPerEpoch => _framer.Dataset.Count / Batch * Batch;

    /// <summary>The epoch in progress (0-based).</summary>
    public int Epoch { get; private set; }

    /// <summary>Samples of the current epoch done so far.</summary>
    public int SamplesInEpoch => _framer.Dataset.Position;

    /// <summary>
    /// Starts <paramref name="epoch"/>: its shuffled order (derived from the seed and the epoch), its
    /// learning rate (the spec's schedule), and skips its first <paramref name="skip"/> samples
    /// (resuming). A resumed epoch's augmentation continues from <paramref name="augmentState"/>, the
    /// generator state its checkpoint saved; without one the skipped samples' draws are replayed.
    /// </summary>
    /// <exception cref="FormatException"><paramref name="augmentState"/> is not a generator state.</exception>
    public void BeginEpoch(int epoch, int skip = 0, string? augmentState = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(epoch);
        Epoch = epoch;
        Arrange(_framer, _seed, epoch, Math.Min(skip, SamplesPerEpoch), augmentState);
        _learner.SetEpoch(epoch);
    }

    /// <summary>
    /// Puts <paramref name="framer"/> at sample <paramref name="skip"/> of <paramref name="epoch"/>
    /// as training with <paramref name="seed"/> reads it: the epoch's shuffled order and its
    /// augmentation (what <c>edge datasets frames</c> records). The augmentation continues from
    /// <paramref name="augmentState"/> when one is given; otherwise the skipped samples' draws are replayed.
    /// </summary>
    /// <exception cref="FormatException"><paramref name="augmentState"/> is not a generator state.</exception>
    public static void Arrange(SampleFramer framer, ulong seed, int epoch, int skip = 0, string? augmentState = null)
    {
        ArgumentNullException.ThrowIfNull(framer);
        ArgumentOutOfRangeException.ThrowIfNegative(epoch);
        framer.Dataset.Shuffle(Rng.Derive(seed, OrderStream + (ulong)epoch));
        framer.Dataset.Seek(skip);
        var augment = Rng.Derive(seed, AugmentStream + (ulong)epoch);
        if (skip > 0 && augmentState is not null)
        {
            augment.State = augmentState;
        }
        else
        {
            // Each sample draws two numbers (its vertical and horizontal shift): replay the skipped ones.
            for (var i = 0; i < 2 * skip; i++)
            {
                augment.NextUInt64();
            }
        }
        framer.Augment = augment;
    }

    /// <summary>Trains on the next batch of the epoch; false when the epoch is done.</summary>
    public bool NextBatch(out BatchOutcome outcome)
    {
        if (_framer.Dataset.Position + Batch > SamplesPerEpoch || !_loop.Next())
        {
            outcome = default;
            return false;
        }
        var correct = 0;
        long events = 0;
        foreach (var sample in _loop.Outcomes)
        {
            correct += sample.Correct ? 1 : 0;
            events += sample.Events;
        }
        outcome = new BatchOutcome(Batch, correct, _learner.LastLoss, events);
        return true;
    }
}
