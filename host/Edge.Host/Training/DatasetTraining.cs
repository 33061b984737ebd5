using System.Diagnostics;
using Edge.Runtime;
using Edge.Runtime.Checkpoints;
using Edge.Runtime.Learning;
using Edge.Runtime.Specs;

using Edge.Drivers.Datasets;
using Edge.Host.Runs;

namespace Edge.Host.Training;

/// <summary>What <c>edge train</c> was asked to do.</summary>
public sealed record TrainingOptions
{
    /// <summary>The dataset.</summary>
    public required DatasetLocation Dataset { get; init; }

    /// <summary>Built-in network name or spec file; null: the dataset's default network.</summary>
    public string? Network { get; init; }

    /// <summary>Learning rule (<see cref="LearnerFactory.Rules"/>); null: the spec's rule (S-TLLR).</summary>
    public string? Rule { get; init; }

    /// <summary>Epochs to reach in total (a resumed run continues up to this count).</summary>
    public int Epochs { get; init; } = 1;

    /// <summary>Samples per training batch.</summary>
    public int Batch { get; init; } = 1;

    /// <summary>Seed of the initial weights, the sample orders and the augmentation (a checkpoint's own seed wins).</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>Checkpoint folder: resumed from when it holds one, saved to after every epoch; null for none.</summary>
    public string? Checkpoint { get; init; }

    /// <summary>Checkpoints kept in the folder (each save is a new file; older ones are deleted).</summary>
    public int CheckpointKeep { get; init; } = CheckpointStore.DefaultKeep;

    /// <summary>When none of the folder's checkpoints is good: false stops at start (nothing changed), true sets them aside and starts afresh.</summary>
    public bool FreshIfDamaged { get; init; }
}

/// <summary>One finished epoch.</summary>
/// <param name="Epoch">The epoch (0-based).</param>
/// <param name="Samples">Samples trained in this run of the epoch.</param>
/// <param name="Correct">Of which predicted correctly before their update.</param>
/// <param name="Loss">Mean loss over the epoch's batches.</param>
/// <param name="LearningRate">The learning rate the epoch used.</param>
public readonly record struct EpochSummary(int Epoch, long Samples, long Correct, double Loss, float LearningRate)
{
    /// <summary>Training accuracy of the epoch.</summary>
    public double Accuracy => Samples == 0 ? 0 : Correct / (double)Samples;
}

/// <summary>
/// A training run over a dataset, the core of <c>edge train</c>: opens the training split with its
/// official preprocessing, builds the network (the dataset's default or the one named) and its
/// learner (S-TLLR unless another rule is named), resumes from the checkpoint folder when it holds
/// one, then trains batch by batch with the spec's learning-rate schedule per epoch, saving a
/// checkpoint after every epoch. <see cref="OpenTestEvaluator"/> evaluates the result the way
/// <c>edge eval</c> evaluates the saved checkpoint.
/// </summary>
public sealed class DatasetTraining : IDisposable
{
    private readonly SampleFramer _framer;
    private readonly DatasetTrainer _trainer;
    private readonly CheckpointStore? _store;
    private readonly LearningProgress _before;
    private readonly Stopwatch _clock = new();
    private long _samples;
    private long _correct;
    private long _events;
    private long _epochSamples;
    private long _epochCorrect;
    private double _epochLoss;
    private long _epochBatches;

    private DatasetTraining(TrainingOptions options, DatasetPreset preset, SampleFramer framer, ILearner learner,
        CheckpointStore? store, CheckpointInfo? resumed, IReadOnlyList<string> setAside)
    {
        SetAside = setAside;
        Options = options;
        Preset = preset;
        _framer = framer;
        Learner = learner;
        _store = store;
        Resumed = resumed;
        _before = resumed?.Progress ?? default;
        _trainer = new DatasetTrainer(learner, framer, learner.Network.Options.Seed);
        if (_trainer.SamplesPerEpoch == 0)
        {
            throw new DatasetException(options.Dataset.Path,
                $"the training split has {framer.Dataset.Count} samples, fewer than one batch of {options.Batch}");
        }
        var done = _before.Samples;
        Epoch = (int)Math.Min(int.MaxValue, done / _trainer.SamplesPerEpoch);
        if (Epoch < options.Epochs)
        {
            _trainer.BeginEpoch(Epoch, (int)(done % _trainer.SamplesPerEpoch), resumed?.Generators.GetValueOrDefault(AugmentGenerator));
        }
    }

    /// <summary>The name the augmentation generator's state is saved under in checkpoints.</summary>
    private const string AugmentGenerator = "augment";

    /// <summary>One line for each damaged checkpoint that was set aside at start (the file, why, where it went).</summary>
    public IReadOnlyList<string> SetAside { get; }

    /// <summary>The options.</summary>
    public TrainingOptions Options { get; }

    /// <summary>The dataset's preprocessing.</summary>
    public DatasetPreset Preset { get; }

    /// <summary>The learner (its network, rule, T and T_l).</summary>
    public ILearner Learner { get; }

    /// <summary>The network spec being trained.</summary>
    public NetworkSpec Spec => Learner.Network.Spec;

    /// <summary>The training split.</summary>
    public EventDataset Train => _framer.Dataset;

    /// <summary>The checkpoint resumed from, or null for a fresh start.</summary>
    public CheckpointInfo? Resumed { get; }

    /// <summary>The checkpoint file resumed from or last saved, or null when there is none.</summary>
    public string? CheckpointFile => _store?.FilePath;

    /// <summary>The epoch in progress (0-based); equal to <see cref="TrainingOptions.Epochs"/> when done.</summary>
    public int Epoch { get; private set; }

    /// <summary>Samples trained per epoch.</summary>
    public int SamplesPerEpoch => _trainer.SamplesPerEpoch;

    /// <summary>Samples of the current epoch done (including those done before a resume).</summary>
    public int SamplesInEpoch => _trainer.SamplesInEpoch;

    /// <summary>Samples trained by this run.</summary>
    public long Samples => _samples;

    /// <summary>
    /// Inference passes made to judge a sample before a rule that updates inside it (TTL-BPTT,
    /// stllr-online) learned it, and the wall-clock seconds they took (0 for the other rules).
    /// </summary>
    public (long Passes, double Seconds) InferencePasses => (_trainer.Loop.InferencePasses, _trainer.Loop.InferencePassSeconds);

    /// <summary>True when every epoch is done.</summary>
    public bool Finished => Epoch >= Options.Epochs;

    /// <summary>Opens the run: dataset, network, learner and, when the folder holds one, the checkpoint.</summary>
    /// <exception cref="DatasetException">The dataset folder is not usable.</exception>
    /// <exception cref="SpecException">The network does not fit the dataset, or the rule is unknown.</exception>
    /// <exception cref="CheckpointException">The checkpoint is damaged or belongs to another network.</exception>
    /// <exception cref="UserInputException">The checkpoint path names a file, or its folder cannot be written.</exception>
    public static DatasetTraining Open(TrainingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.Batch);
        ArgumentOutOfRangeException.ThrowIfNegative(options.Epochs);
        var preset = DatasetPreset.For(options.Dataset.Kind);
        // The test split is read at the end: check its layout now rather than after hours of training.
        DatasetLoader.Open(options.Dataset, DatasetSplit.Test).Dispose();
        var framer = DatasetSession.OpenFramed(options.Dataset, DatasetSplit.Train, preset.Train);
        try
        {
            var store = string.IsNullOrWhiteSpace(options.Checkpoint) ? null : CheckpointFolder.ForWriting(options.Checkpoint, options.CheckpointKeep);
            var resumed = store is null ? null : CheckpointFolder.Choose(store, options.FreshIfDamaged);
            var classes = framer.Dataset.ClassCount;
            var name = string.IsNullOrWhiteSpace(options.Network) ? preset.DefaultNetwork : options.Network;
            if (resumed is not null && name is not null)
            {
                // A built-in named without a version resumes with the version the checkpoint was made with.
                name = NetworkCatalog.VersionFor(name, candidate => resumed.Fits(candidate.WithClasses(classes)));
            }
            var spec = preset.ResolveNetwork(name, classes);
            // The network's T decides the frames per sample, over the span the dataset's recipe covers.
            framer = new SampleFramer(framer.Dataset, preset.Train.WithSteps(spec.TimeSteps));
            var seed = resumed?.Seed ?? options.Seed;
            var learner = LearnerFactory.Create(spec, new NetworkOptions(options.Batch, Learning: true, Seed: seed), options.Rule);
            if (resumed is not null)
            {
                store!.Restore(learner);
            }
            var setAside = store is null ? [] : CheckpointFolder.SetAside(store);
            return new DatasetTraining(options, preset, framer, learner, store, resumed, setAside);
        }
        catch
        {
            framer.Dataset.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Trains the next batch. When it finishes an epoch, <paramref name="finished"/> holds the
    /// epoch's summary (and the checkpoint has been saved). False when every epoch is done.
    /// </summary>
    public bool Step(out BatchOutcome outcome, out EpochSummary? finished)
    {
        finished = null;
        if (Finished)
        {
            outcome = default;
            return false;
        }
        _clock.Start();
        var trained = _trainer.NextBatch(out outcome);
        _clock.Stop();
        if (trained)
        {
            _samples += outcome.Samples;
            _correct += outcome.Correct;
            _events += outcome.Events;
            _epochSamples += outcome.Samples;
            _epochCorrect += outcome.Correct;
            _epochLoss += outcome.Loss;
            _epochBatches++;
        }
        if (_trainer.SamplesInEpoch + _trainer.Batch <= _trainer.SamplesPerEpoch)
        {
            return true;
        }
        var rate = LearningRateSchedule.At(Spec.Learning, Epoch);
        finished = new EpochSummary(Epoch, _epochSamples, _epochCorrect, _epochBatches == 0 ? 0 : _epochLoss / _epochBatches, rate);
        _epochSamples = _epochCorrect = _epochBatches = 0;
        _epochLoss = 0;
        Epoch++;
        if (!Finished)
        {
            _trainer.BeginEpoch(Epoch); // before saving: the checkpoint says the next epoch starts at its first sample
        }
        Save();
        return true;
    }

    /// <summary>Saves the checkpoint (no-op without a checkpoint folder): after an epoch, or when a run is interrupted.</summary>
    public void Save()
    {
        if (_store is null)
        {
            return;
        }
        var done = ((long)Epoch * _trainer.SamplesPerEpoch) + (Finished ? 0 : _trainer.SamplesInEpoch);
        var progress = new LearningProgress(
            Samples: done,
            Correct: _before.Correct + _correct,
            Steps: _before.Steps + (_samples * _trainer.Steps),
            Events: _before.Events + _events,
            EventsDropped: _before.EventsDropped,
            Seconds: _before.Seconds + _clock.Elapsed.TotalSeconds,
            Runs: _before.Runs + 1);
        var generators = _framer.Augment is { } augment ? new Dictionary<string, Rng> { [AugmentGenerator] = augment } : null;
        _store.Save(Learner, progress, generators: generators);
    }

    /// <summary>
    /// An evaluator of the trained network on the test split (a batch-1 inference copy of its
    /// parameters, exactly what the checkpoint restores).
    /// </summary>
    public DatasetEvaluator OpenTestEvaluator()
    {
        var framer = DatasetSession.OpenFramed(Options.Dataset, DatasetSplit.Test, Preset.Test.WithSteps(Spec.TimeSteps));
        return new DatasetEvaluator(DatasetEvaluator.InferenceCopy(Learner.Network), framer);
    }

    /// <summary>Closes the training split.</summary>
    public void Dispose() => _framer.Dataset.Dispose();
}
