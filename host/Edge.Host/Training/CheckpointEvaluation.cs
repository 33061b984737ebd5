using Edge.Runtime;
using Edge.Runtime.Checkpoints;
using Edge.Runtime.Learning;
using Edge.Runtime.Specs;

using Edge.Drivers.Datasets;
using Edge.Host.Runs;

namespace Edge.Host.Training;

/// <summary>
/// The core of <c>edge eval</c>: restores a training checkpoint (checksum and network checked) and
/// evaluates it on the test split of a dataset with the dataset's official test preprocessing.
/// </summary>
public static class CheckpointEvaluation
{
    /// <summary>
    /// Opens an evaluator of the checkpoint in <paramref name="checkpointDirectory"/> on the test split
    /// of <paramref name="dataset"/>. The network is <paramref name="network"/> when given (a spec
    /// file for networks that are not built in), else the checkpoint's own built-in network; a
    /// built-in named without a version is the version the checkpoint was made with
    /// (<see cref="NetworkCatalog.VersionFor"/>).
    /// </summary>
    /// <param name="dataset">The dataset whose test split is evaluated.</param>
    /// <param name="checkpointDirectory">The checkpoint folder: its newest good checkpoint is evaluated, as <c>edge train</c> would resume from it.</param>
    /// <param name="network">The network's spec file, for networks that are not built in; null: the checkpoint's own.</param>
    /// <param name="warn">Told, one line each, of damaged checkpoints newer than the one evaluated (the folder is left as it is).</param>
    /// <exception cref="CheckpointException">No checkpoint in the folder, none that is good, or one of another network.</exception>
    /// <exception cref="UserInputException">The checkpoint path names a file, or no such folder exists.</exception>
    public static DatasetEvaluator Open(DatasetLocation dataset, string checkpointDirectory, string? network = null, Action<string>? warn = null)
    {
        var store = CheckpointFolder.ForReading(checkpointDirectory);
        var info = CheckpointFolder.Choose(store, freshIfDamaged: false) ?? throw new CheckpointException(store.Directory,
            "no checkpoint here: train with 'edge train --checkpoint DIR' first");
        foreach (var damaged in store.Select().Damaged)
        {
            warn?.Invoke($"checkpoint {damaged.File} is damaged ({damaged.Reason}): evaluating {store.FilePath} instead (edge eval leaves the folder as it is)");
        }
        var preset = DatasetPreset.For(dataset.Kind);
        var framer = DatasetSession.OpenFramed(dataset, DatasetSplit.Test, preset.Test);
        try
        {
            var name = network;
            if (string.IsNullOrWhiteSpace(name))
            {
                if (!NetworkCatalog.IsBuiltIn(info.Network))
                {
                    throw new SpecException("--network", $"the checkpoint was made for network '{info.Network}', which is not built in: give its spec file with --network");
                }
                name = info.Network;
            }
            var classes = framer.Dataset.ClassCount;
            // A built-in named without a version: the version the checkpoint was made with.
            name = NetworkCatalog.VersionFor(name, candidate => info.Fits(candidate.WithClasses(classes)));
            var spec = preset.ResolveNetwork(name, classes);
            framer = new SampleFramer(framer.Dataset, preset.Test.WithSteps(spec.TimeSteps));
            var learner = LearnerFactory.Create(spec, new NetworkOptions(1, Learning: true, Seed: info.Seed), info.Rule);
            store.Restore(learner);
            return new DatasetEvaluator(DatasetEvaluator.InferenceCopy(learner.Network), framer);
        }
        catch
        {
            framer.Dataset.Dispose();
            throw;
        }
    }
}
