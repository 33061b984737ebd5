using Edge.Drivers.Datasets;
using Edge.Drivers.Tests.Datasets;
using Edge.Host.Training;
using Edge.Runtime.Checkpoints;
using Edge.Runtime.Learning;
using Edge.TestSupport;

namespace Edge.Host.Tests.Training;

public sealed class TrainingTests
{
    [Fact]
    public void ATinyRunLearnsAboveChanceAndItsCheckpointEvaluatesTheSame()
    {
        using var temp = new TempFolder();
        var root = temp.File("nmnist");
        DatasetFolders.Nmnist(root, classes: 3, trainPerClass: 10, testPerClass: 5);
        var location = new DatasetLocation(DatasetKind.Nmnist, root);
        var network = DatasetFolders.TinyNetwork(temp.Path, 2, 34, 34, 10, pool: 2);
        var checkpoint = temp.File("ckpt");

        using var training = DatasetTraining.Open(new TrainingOptions { Dataset = location, Network = network, Epochs = 3, Checkpoint = checkpoint, Seed = 5 });
        var epochs = Train(training);
        var (accuracy, predictions) = Evaluate(training.OpenTestEvaluator());
        var (restored, restoredPredictions) = Evaluate(CheckpointEvaluation.Open(location, checkpoint, network));

        Assert.Equal([0, 1, 2], epochs.Select(e => e.Epoch));
        Assert.All(epochs, e => Assert.Equal(30, e.Samples));
        Assert.Equal(10, training.Learner.TimeSteps); // the network's T: 10 frames over the preset's 300 ms
        Assert.True(accuracy >= 0.8, $"test accuracy {accuracy:0.00} on 3 separable classes (chance 0.33)");
        Assert.Equal(accuracy, restored);
        Assert.Equal(predictions, restoredPredictions);
        var info = new CheckpointStore(checkpoint).ReadInfo()!;
        Assert.Equal(90, info.Progress.Samples);
        Assert.Equal(1, info.Progress.Runs);
        Assert.Equal(5UL, info.Seed);
    }

    [Fact]
    public void TrainingResumesFromTheCheckpointWhereItStopped()
    {
        using var temp = new TempFolder();
        DatasetFolders.Nmnist(temp.Path, classes: 2, trainPerClass: 4, testPerClass: 1, events: 300);
        var location = new DatasetLocation(DatasetKind.Nmnist, temp.Path);
        var options = new TrainingOptions
        {
            Dataset = location,
            Network = DatasetFolders.TinyNetwork(temp.Path, 2, 34, 34, 10, pool: 2),
            Epochs = 2,
            Checkpoint = temp.File("ckpt"),
        };

        using (var first = DatasetTraining.Open(options))
        {
            for (var i = 0; i < 3; i++)
            {
                Assert.True(first.Step(out _, out var finished));
                Assert.Null(finished);
            }
            first.Save();
        }
        using var second = DatasetTraining.Open(options);
        Assert.NotNull(second.Resumed);
        Assert.Equal(0, second.Epoch);
        Assert.Equal(3, second.SamplesInEpoch);
        var epochs = Train(second);

        Assert.Equal([0, 1], epochs.Select(e => e.Epoch));
        Assert.Equal(5, epochs[0].Samples);
        Assert.Equal(8, epochs[1].Samples);
        var info = new CheckpointStore(options.Checkpoint!).ReadInfo()!;
        Assert.Equal(16, info.Progress.Samples);
        Assert.Equal(2, info.Progress.Runs);

        using var done = DatasetTraining.Open(options);
        Assert.True(done.Finished);
        Assert.False(done.Step(out _, out _));
    }

    [Fact]
    public void BatchesTrainWholeBatchesOnly()
    {
        using var temp = new TempFolder();
        DatasetFolders.Nmnist(temp.Path, classes: 2, trainPerClass: 5, testPerClass: 1, events: 300);
        var options = new TrainingOptions
        {
            Dataset = new DatasetLocation(DatasetKind.Nmnist, temp.Path),
            Network = DatasetFolders.TinyNetwork(temp.Path, 2, 34, 34, 10, pool: 2),
            Batch = 4,
        };

        using var training = DatasetTraining.Open(options);
        var batches = 0;
        while (training.Step(out var outcome, out _))
        {
            Assert.Equal(4, outcome.Samples);
            batches++;
        }

        Assert.Equal(8, training.SamplesPerEpoch);
        Assert.Equal(2, batches);
        Assert.Equal(4, training.Learner.Network.Batch);
    }

    [Fact]
    public void ShdTrainsTheOfficialRecurrentNetworkOnHundredStepSlices()
    {
        using var temp = new TempFolder();
        DatasetFolders.Shd(temp.Path, classes: 2, trainPerClass: 2, testPerClass: 1, spikes: 300);
        var location = new DatasetLocation(DatasetKind.Shd, temp.Path);

        using var training = DatasetTraining.Open(new TrainingOptions { Dataset = location, Checkpoint = temp.File("ckpt") });
        var epochs = Train(training);
        var (accuracy, _) = Evaluate(training.OpenTestEvaluator());
        var (restored, _) = Evaluate(CheckpointEvaluation.Open(location, temp.File("ckpt")));

        Assert.Equal("shd-rec", training.Spec.Name);
        Assert.Equal(100, training.Learner.TimeSteps);
        Assert.Equal(100, training.Learner.LearnSteps);
        Assert.Equal(4, epochs.Single().Samples);
        Assert.Equal(accuracy, restored);
    }

    [Fact]
    public void NmnistTrainsItsDefaultNetworkOnTheRealSample()
    {
        using var temp = new TempFolder();
        foreach (var split in new[] { "Train", "Test" })
        {
            Directory.CreateDirectory(temp.File(split, "3"));
            File.Copy(SharedData.Resolve("data", "samples", "nmnist", "sample_nmnist.bin"), temp.File(split, "3", "00001.bin"));
        }
        var location = new DatasetLocation(DatasetKind.Nmnist, temp.Path);

        using var training = DatasetTraining.Open(new TrainingOptions { Dataset = location });
        var epoch = Train(training).Single();
        using var evaluator = training.OpenTestEvaluator();
        Assert.True(evaluator.Next(out var outcome));

        Assert.Equal("nmnist-small", training.Spec.Name);
        Assert.Equal(1, epoch.Samples);
        Assert.Equal(3, outcome.Label);
        // The whole recording in the network's bins (T = 30 over the preset's 300 ms: 10 ms): ⌊(311175 − 654) µs / 10 ms⌋ = 31 complete bins.
        Assert.Equal(31, evaluator.Steps);
    }

    [Fact]
    public void ACheckpointOfAnotherNetworkIsRefused()
    {
        using var temp = new TempFolder();
        DatasetFolders.Nmnist(temp.Path, classes: 2, trainPerClass: 1, testPerClass: 1, events: 200);
        var location = new DatasetLocation(DatasetKind.Nmnist, temp.Path);
        var network = DatasetFolders.TinyNetwork(temp.Path, 2, 34, 34, 10, pool: 2);
        using (var training = DatasetTraining.Open(new TrainingOptions { Dataset = location, Network = network, Checkpoint = temp.File("ckpt") }))
        {
            Train(training);
        }

        var error = Assert.Throws<CheckpointException>(() => CheckpointEvaluation.Open(location, temp.File("ckpt"), "nmnist-small"));
        Directory.CreateDirectory(temp.File("empty"));
        var none = Assert.Throws<CheckpointException>(() => CheckpointEvaluation.Open(location, temp.File("empty")));
        var absent = Assert.Throws<UserInputException>(() => CheckpointEvaluation.Open(location, temp.File("absent")));
        var file = Assert.Throws<UserInputException>(() => CheckpointEvaluation.Open(location, temp.File("ckpt", "checkpoint.safetensors")));

        Assert.Contains("checkpoint of network 'tiny-test' does not fit network 'nmnist-small'", error.Message);
        Assert.Contains("no checkpoint here", none.Message);
        Assert.Contains("no such folder", absent.Message);
        Assert.Contains("names a file: give its folder", file.Message);
    }

    [Theory]
    [InlineData("ottt")]
    [InlineData("bpsta")]
    public void OtherRulesCheckpointResumeAndEvaluateTheSame(string rule)
    {
        using var temp = new TempFolder();
        DatasetFolders.Nmnist(temp.Path, classes: 2, trainPerClass: 1, testPerClass: 1, events: 200);
        var location = new DatasetLocation(DatasetKind.Nmnist, temp.Path);
        var network = DatasetFolders.TinyNetwork(temp.Path, 2, 34, 34, 10, pool: 2);
        var options = new TrainingOptions { Dataset = location, Network = network, Rule = rule, Epochs = 1, Checkpoint = temp.File("ckpt") };

        using (var training = DatasetTraining.Open(options))
        {
            Assert.Equal(rule, training.Learner.Rule);
            Assert.Equal(2, Train(training).Single().Samples);
        }
        double trained;
        using (var resumed = DatasetTraining.Open(options with { Epochs = 2 }))
        {
            Assert.Equal(2, resumed.Resumed!.Progress.Samples);
            Assert.Single(Train(resumed));
            (trained, _) = Evaluate(resumed.OpenTestEvaluator());
        }
        var (restored, _) = Evaluate(CheckpointEvaluation.Open(location, temp.File("ckpt"), network));

        Assert.Equal(rule, new CheckpointStore(temp.File("ckpt")).ReadInfo()!.Rule);
        Assert.Equal(trained, restored);
    }

    private static List<EpochSummary> Train(DatasetTraining training)
    {
        var epochs = new List<EpochSummary>();
        while (training.Step(out _, out var finished))
        {
            if (finished is { } epoch)
            {
                epochs.Add(epoch);
            }
        }
        return epochs;
    }

    private static (double Accuracy, List<int> Predictions) Evaluate(DatasetEvaluator evaluator)
    {
        using (evaluator)
        {
            var predictions = new List<int>();
            while (evaluator.Next(out var outcome))
            {
                predictions.Add(outcome.Prediction);
            }
            return (evaluator.Accuracy, predictions);
        }
    }
}
