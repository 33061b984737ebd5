using Edge.Drivers.Datasets;
using Edge.Drivers.Tests.Datasets;
using Edge.Host.Training;
using Edge.Runtime;
using Edge.Runtime.Checkpoints;
using Edge.Runtime.Learning;
using Edge.Runtime.Online;
using Edge.TestSupport;

namespace Edge.Host.Tests.Training;

public sealed class FrameExportTests
{
    [Fact]
    public void The_exported_frames_with_their_orders_and_shifts_are_exactly_what_training_learns_from()
    {
        using var temp = new TempFolder();
        var root = temp.File("nmnist");
        DatasetFolders.Nmnist(root, classes: 3, trainPerClass: 4, testPerClass: 2, events: 600);
        var location = new DatasetLocation(DatasetKind.Nmnist, root);
        var network = DatasetFolders.TinyNetwork(temp.Path, 2, 34, 34, 3, pool: 2);
        const ulong seed = 9;
        const int epochs = 2;
        var file = temp.File("frames.safetensors");

        var summary = FrameExport.Write(new FrameExportOptions { Dataset = location, Network = network, Seed = seed, Epochs = epochs, Output = file });

        // What training sees, step by step: the same setup as DatasetTraining.
        var preset = DatasetPreset.For(DatasetKind.Nmnist);
        var spec = preset.ResolveNetwork(network, 3);
        var framer = DatasetSession.OpenFramed(location, DatasetSplit.Train, preset.Train.WithSteps(spec.TimeSteps));
        using var dataset = framer.Dataset;
        var learner = LearnerFactory.Create(spec, new NetworkOptions(1, Learning: true, Seed: seed));
        var trainer = new DatasetTrainer(learner, framer, seed);
        var seen = new Recorder();
        trainer.Loop.Probe = seen;
        for (var e = 0; e < epochs; e++)
        {
            trainer.BeginEpoch(e);
            while (trainer.NextBatch(out _))
            {
            }
        }

        using var exported = SafetensorsFile.Open(file);
        var frames = exported.Read(exported.Find("train.frames")!);
        var order = exported.Read(exported.Find("train.order")!);
        var shift = exported.Read(exported.Find("train.shift")!);
        var labels = exported.Read(exported.Find("train.labels")!);
        int n = summary.TrainSamples, steps = summary.TimeSteps, frame = 2 * 34 * 34;
        Assert.Equal(12, n);
        Assert.Equal(spec.TimeSteps, steps);
        Assert.Equal([n, steps, 2, 34, 34], exported.Find("train.frames")!.Shape);
        Assert.Equal(epochs * n * steps, seen.Inputs.Count);
        Assert.Contains(shift, s => s != 0);
        for (var e = 0; e < epochs; e++)
        {
            for (var i = 0; i < n; i++)
            {
                var k = (int)order[(e * n) + i];
                var (dy, dx) = ((int)shift[((e * n) + i) * 2], (int)shift[(((e * n) + i) * 2) + 1]);
                Assert.Equal(dataset.Samples[k].Label, (int)labels[k]);
                for (var t = 0; t < steps; t++)
                {
                    var expected = Shifted(frames.AsSpan(((k * steps) + t) * frame, frame), dy, dx);
                    Assert.Equal(expected, seen.Inputs[(((e * n) + i) * steps) + t]);
                }
            }
        }
        Assert.Equal(6, summary.TestSamples);
        Assert.Equal("edge-frames/1", exported.Metadata["format"]);
        Assert.Equal("9", exported.Metadata["seed"]);
    }

    /// <summary>out[c, y, x] = in[c, y + dy, x + dx], zero outside: the shift as the file documents it.</summary>
    private static float[] Shifted(ReadOnlySpan<float> frame, int dy, int dx)
    {
        var result = new float[frame.Length];
        for (var c = 0; c < 2; c++)
        {
            for (var y = 0; y < 34; y++)
            {
                for (var x = 0; x < 34; x++)
                {
                    int sy = y + dy, sx = x + dx;
                    if (sy is >= 0 and < 34 && sx is >= 0 and < 34)
                    {
                        result[(c * 34 * 34) + (y * 34) + x] = frame[(c * 34 * 34) + (sy * 34) + sx];
                    }
                }
            }
        }
        return result;
    }

    private sealed class Recorder : IStepProbe
    {
        public List<float[]> Inputs { get; } = [];

        public void AfterStep(int t, ReadOnlySpan<float> input) => Inputs.Add(input.ToArray());
    }
}
