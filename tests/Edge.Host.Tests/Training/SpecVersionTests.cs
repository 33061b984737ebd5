using Edge.Drivers.Datasets;
using Edge.Drivers.Tests.Datasets;
using Edge.Host.Training;
using Edge.Runtime.Checkpoints;
using Edge.Runtime.Specs;
using Edge.TestSupport;

namespace Edge.Host.Tests.Training;

/// <summary>
/// Built-in specs are versioned: the defaults of nmnist-small changed, the old spec stays loadable as
/// nmnist-small@1, and a checkpoint made before (it names "nmnist-small" and has version 1's
/// signature) still evaluates and resumes, with version 1.
/// </summary>
public sealed class SpecVersionTests
{
    [Fact]
    public void The_current_version_answers_to_its_number_and_the_kept_one_to_its_own()
    {
        Assert.Equal(2, NetworkCatalog.CurrentVersion("nmnist-small"));
        Assert.Equal("nmnist-small", NetworkCatalog.Load("nmnist-small@2").Name);
        Assert.Equal(NetworkCatalog.Text("nmnist-small"), NetworkCatalog.Text("nmnist-small@2"));
        var old = NetworkCatalog.Load("nmnist-small@1");
        Assert.Equal("nmnist-small@1", old.Name);
        Assert.Contains("nmnist-small@1", NetworkCatalog.Names);
        // Version 1 is the spec nmnist-small had: global average pooling into a stateless readout.
        Assert.Equal(LayerKind.GlobalAvgPool, old.Layers[^2].Kind);
        Assert.Equal(LayerKind.ReadoutLinear, old.Layers[^1].Kind);
        Assert.Equal(1, NetworkCatalog.CurrentVersion("gesture-vgg"));
        Assert.Equal("gesture-vgg", NetworkCatalog.Load("gesture-vgg@1").Name);
        Assert.Throws<SpecException>(() => NetworkCatalog.Load("nmnist-small@3"));
    }

    [Fact]
    public void An_old_checkpoint_of_nmnist_small_evaluates_and_resumes_as_nmnist_small_at_1()
    {
        using var temp = new TempFolder();
        var root = temp.File("nmnist");
        DatasetFolders.Nmnist(root, classes: 10, trainPerClass: 1, testPerClass: 1, events: 300);
        var location = new DatasetLocation(DatasetKind.Nmnist, root);
        // A checkpoint as the runtime wrote it before versions: network "nmnist-small", version 1's layers.
        var oldSpec = temp.File("nmnist-small.json");
        File.WriteAllText(oldSpec, NetworkCatalog.Text("nmnist-small@1").Replace("\"nmnist-small@1\"", "\"nmnist-small\"", StringComparison.Ordinal));
        var checkpoint = temp.File("ckpt");
        using (var old = DatasetTraining.Open(new TrainingOptions { Dataset = location, Network = oldSpec, Epochs = 1, Checkpoint = checkpoint }))
        {
            while (old.Step(out _, out _))
            {
            }
        }
        var info = new CheckpointStore(checkpoint).ReadInfo()!;
        Assert.Equal("nmnist-small", info.Network);
        Assert.False(info.Fits(NetworkCatalog.Load("nmnist-small").WithClasses(10)));
        Assert.True(info.Fits(NetworkCatalog.Load("nmnist-small@1").WithClasses(10)));

        using (var evaluator = CheckpointEvaluation.Open(location, checkpoint))
        {
            Assert.Equal("nmnist-small@1", evaluator.NetworkName);
        }
        using (var resumed = DatasetTraining.Open(new TrainingOptions { Dataset = location, Epochs = 2, Checkpoint = checkpoint }))
        {
            Assert.Equal("nmnist-small@1", resumed.Spec.Name);
            Assert.NotNull(resumed.Resumed);
            Assert.Equal(1, resumed.Epoch);
        }
        // Naming the version explicitly is taken as asked: the current version does not fit it.
        Assert.Throws<CheckpointException>(() => DatasetTraining.Open(new TrainingOptions
        {
            Dataset = location, Network = "nmnist-small@2", Epochs = 2, Checkpoint = checkpoint,
        }).Dispose());
    }

    [Fact]
    public void Published_settings_are_named_specs()
    {
        var paper = NetworkCatalog.Load("gesture-vgg@paper");
        Assert.Equal("gesture-vgg@paper", paper.Name);
        Assert.Equal(20, paper.TimeSteps);
        Assert.Equal(5, paper.LearnSteps);
        Assert.Equal(PredictionRule.SumAll, paper.Prediction);
    }
}
