using System.Globalization;
using Edge.Drivers.Datasets;
using Edge.Drivers.Tests.Datasets;
using Edge.Host.Training;
using Edge.Runtime.Checkpoints;
using Edge.TestSupport;

namespace Edge.Host.Tests.Training;

/// <summary>
/// <c>edge train</c> interrupted in the middle of an epoch resumes exactly: the shuffled order is
/// derived from the seed and epoch the checkpoint holds, the augmentation and dropout generators'
/// states are in the checkpoint, so the weights after the last epoch are bit for bit those of a
/// run that was never interrupted. Damaged checkpoints are set aside, and the previous one resumes.
/// </summary>
public sealed class InterruptedEpochTests
{
    [Fact]
    public void An_epoch_interrupted_and_resumed_ends_with_the_weights_of_an_uninterrupted_one()
    {
        using var temp = new TempFolder();
        DatasetFolders.Nmnist(temp.Path, classes: 3, trainPerClass: 4, testPerClass: 1, events: 300);
        var options = new TrainingOptions
        {
            Dataset = new DatasetLocation(DatasetKind.Nmnist, temp.Path),
            Network = DropoutTestNetwork.Write(temp.Path),
            Epochs = 2,
            Seed = 11,
        };

        float[] straight;
        using (var once = DatasetTraining.Open(options with { Checkpoint = temp.File("straight") }))
        {
            Train(once, int.MaxValue);
            straight = Parameters(once);
        }

        using (var first = DatasetTraining.Open(options with { Checkpoint = temp.File("resumed") }))
        {
            Train(first, 7); // into the middle of the first epoch (12 samples)
            first.Save();
        }
        var info = new CheckpointStore(temp.File("resumed")).ReadInfo()!;
        Assert.Contains("augment", info.Generators.Keys);
        Assert.Contains("dropout", info.Generators.Keys);
        float[] resumed;
        using (var second = DatasetTraining.Open(options with { Checkpoint = temp.File("resumed") }))
        {
            Assert.Equal(7, second.SamplesInEpoch);
            Train(second, int.MaxValue);
            resumed = Parameters(second);
        }

        Assert.Equal(straight.Select(BitConverter.SingleToInt32Bits), resumed.Select(BitConverter.SingleToInt32Bits));
    }

    [Fact]
    public void A_damaged_newest_checkpoint_is_set_aside_and_training_resumes_from_the_one_before()
    {
        using var temp = new TempFolder();
        DatasetFolders.Nmnist(temp.Path, classes: 2, trainPerClass: 2, testPerClass: 1, events: 200);
        var options = new TrainingOptions
        {
            Dataset = new DatasetLocation(DatasetKind.Nmnist, temp.Path),
            Network = DatasetFolders.TinyNetwork(temp.Path, 2, 34, 34, 10, pool: 2),
            Epochs = 2,
            Checkpoint = temp.File("ckpt"),
        };
        using (var training = DatasetTraining.Open(options))
        {
            Train(training, int.MaxValue);
        }
        var files = Directory.GetFiles(temp.File("ckpt"), "*.safetensors").Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(2, files.Length); // one save per epoch
        File.WriteAllBytes(files[^1], File.ReadAllBytes(files[^1])[..100]);

        using var resumed = DatasetTraining.Open(options with { Epochs = 3 });
        Assert.Equal(resumed.SamplesPerEpoch, resumed.Resumed!.Progress.Samples); // the first epoch's checkpoint
        var line = Assert.Single(resumed.SetAside);
        Assert.Contains($"checkpoint {files[^1]} is damaged (", line, StringComparison.Ordinal);
        Assert.Contains($"moved to {Path.Combine(temp.File("ckpt"), "damaged", Path.GetFileName(files[^1]))}; resuming from {files[0]}", line, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(temp.File("ckpt"), "damaged", Path.GetFileName(files[^1]))));
    }

    private static void Train(DatasetTraining training, int samples)
    {
        var done = 0;
        while (done < samples && training.Step(out var outcome, out _))
        {
            done += outcome.Samples;
        }
    }

    private static float[] Parameters(DatasetTraining training)
    {
        var all = new List<float>();
        foreach (var p in training.Learner.Optimizer.Parameters)
        {
            all.AddRange(p.Value);
        }
        return [.. all];
    }
}
