using Edge.Runtime;
using Edge.Runtime.Learning;

namespace Edge.Drivers.Datasets;

/// <summary>What one training batch did.</summary>
/// <param name="Samples">Samples in the batch.</param>
/// <param name="Correct">Samples predicted correctly (from the steps computed before the update).</param>
/// <param name="Loss">The learner's mean loss over the batch's learning steps.</param>
/// <param name="Events">Events binned into the batch's frames.</param>
public readonly record struct BatchOutcome(int Samples, int Correct, float Loss, long Events);

/// <summary>
/// Epochs of training over a framed dataset: each epoch reads the samples in a fresh shuffled order
/// (seeded by the epoch, so an interrupted epoch resumes in the same order), renders B samples' T
/// frames into a [T, B, frame] buffer (shorter samples padded with empty frames, as the official
/// batches are) and runs the learner over the T steps. With B &gt; 1 an incomplete last batch is
/// left out. Buffers are allocated once; a batch allocates nothing beyond what opening the
/// samples' recordings takes.
/// </summary>
public sealed class DatasetTrainer
{
    private const ulong OrderStream = 1_000_000;
    private const ulong AugmentStream = 2_000_000;

    private readonly ILearner _learner;
    private readonly SampleFramer _framer;
    private readonly ulong _seed;
    private readonly float[] _frames;
    private readonly int[] _labels;
    private readonly float[] _logitSums;
    private readonly int _classes;

    /// <summary>Trains <paramref name="learner"/> on the frames of <paramref name="framer"/>; <paramref name="seed"/> fixes orders and augmentation.</summary>
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
        Batch = learner.Network.Batch;
        Steps = learner.TimeSteps;
        _classes = spec.Classes;
        _frames = new float[Steps * Batch * framer.FrameLength];
        _labels = new int[Batch];
        _logitSums = new float[Batch * _classes];
    }

    /// <summary>Samples per batch.</summary>
    public int Batch { get; }

    /// <summary>Time steps per sample.</summary>
    public int Steps { get; }

    /// <summary>The learner.</summary>
    public ILearner Learner => _learner;

    /// <summary>Samples trained per epoch (whole batches only).</summary>
    public int SamplesPerEpoch => _framer.Dataset.Count / Batch * Batch;

    /// <summary>The epoch in progress (0-based).</summary>
    public int Epoch { get; private set; }

    /// <summary>Samples of the current epoch done so far.</summary>
    public int SamplesInEpoch => _framer.Dataset.Position;

    /// <summary>
    /// Starts <paramref name="epoch"/>: its shuffled order, its learning rate (the spec's schedule),
    /// and skips its first <paramref name="skip"/> samples (resuming).
    /// </summary>
    public void BeginEpoch(int epoch, int skip = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(epoch);
        Epoch = epoch;
        _framer.Dataset.Shuffle(Rng.Derive(_seed, OrderStream + (ulong)epoch));
        _framer.Dataset.Seek(Math.Min(skip, SamplesPerEpoch));
        var augment = Rng.Derive(_seed, AugmentStream + (ulong)epoch);
        // Each sample draws two numbers (its vertical and horizontal shift): replay the skipped ones.
        for (var i = 0; i < 2 * skip; i++)
        {
            augment.NextUInt64();
        }
        _framer.Augment = augment;
        _learner.SetEpoch(epoch);
    }

    /// <summary>Trains on the next batch of the epoch; false when the epoch is done.</summary>
    public bool NextBatch(out BatchOutcome outcome)
    {
        var length = _framer.FrameLength;
        if (_framer.Dataset.Position + Batch > SamplesPerEpoch)
        {
            outcome = default;
            return false;
        }
        long events = 0;
        for (var b = 0; b < Batch; b++)
        {
            _framer.MoveNext();
            _labels[b] = _framer.Current.Label;
            var t = 0;
            for (; t < Steps && _framer.NextFrame(Slot(t, b, length)); t++)
            {
            }
            for (; t < Steps; t++)
            {
                Slot(t, b, length).Clear();
            }
            events += _framer.EventsInSample;
        }
        _learner.BeginSample(_labels);
        Array.Clear(_logitSums);
        var predictSteps = _learner.StepsBeforeUpdate;
        for (var t = 0; t < Steps; t++)
        {
            var logits = _learner.Step(_frames.AsSpan(t * Batch * length, Batch * length), t);
            if (t < predictSteps)
            {
                System.Numerics.Tensors.TensorPrimitives.Add(_logitSums, logits[.._logitSums.Length], _logitSums);
            }
        }
        _learner.EndSample();
        var correct = 0;
        for (var b = 0; b < Batch; b++)
        {
            if (CrossEntropy.ArgMax(_logitSums.AsSpan(b * _classes, _classes)) == _labels[b])
            {
                correct++;
            }
        }
        outcome = new BatchOutcome(Batch, correct, _learner.LastLoss, events);
        return true;
    }

    private Span<float> Slot(int t, int b, int length) => _frames.AsSpan(((t * Batch) + b) * length, length);
}
