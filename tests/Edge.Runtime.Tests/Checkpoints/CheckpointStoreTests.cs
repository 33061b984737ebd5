using Edge.Runtime.Checkpoints;
using Edge.Runtime.Learning.Stllr;
using Edge.Runtime.Learning;
using Edge.Runtime.Specs;

namespace Edge.Runtime.Tests.Checkpoints;

public sealed class CheckpointStoreTests : IDisposable
{
    private const string TinySpec = """
        {
          "name": "tiny", "input_shape": [2, 8, 8], "classes": 3, "time_steps": 6, "learn_steps": 3,
          "psi": "triangle-0.3", "leak": 0, "threshold": 0.6, "optimizer": { "type": "adam", "lr": 0.01 },
          "layers": [
            { "type": "conv2d", "in_channels": 2, "out_channels": 4, "kernel": 3, "padding": 1 },
            { "type": "maxpool2d", "kernel": 2 },
            { "type": "flatten" },
            { "type": "linear", "in_features": 64, "out_features": 16 },
            { "type": "readout-linear", "in_features": 16, "out_features": 3 }
          ]
        }
        """;

    private readonly string _dir = Directory.CreateTempSubdirectory("edge-ck-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Training_resumed_from_a_checkpoint_continues_bit_for_bit()
    {
        var spec = SpecReader.Parse(TinySpec, "tiny");
        var inputs = Inputs(spec, samples: 8, seed: 11);

        var straight = Learner(spec, seed: 5);
        Train(straight, inputs, 0, 8);

        var first = Learner(spec, seed: 5);
        Train(first, inputs, 0, 4);
        var store = new CheckpointStore(Path.Combine(_dir, "run"));
        Assert.Null(store.ReadInfo());
        store.Save(first, new LearningProgress(Samples: 4, Correct: 2, Steps: 24, Events: 1000, EventsDropped: 7, Seconds: 1.5, Runs: 1));
        Assert.Empty(Directory.GetFiles(store.Directory, "*.tmp"));

        var info = store.ReadInfo()!;
        Assert.Equal("tiny", info.Network);
        Assert.Equal(5ul, info.Seed);
        Assert.Equal(4, info.OptimizerSteps);
        Assert.Equal(new LearningProgress(4, 2, 24, 1000, 7, 1.5, 1), info.Progress);
        var resumed = Learner(spec, seed: info.Seed);
        Assert.Equal(info, store.Restore(resumed));
        Assert.Equal(4, resumed.Optimizer.Steps);
        Train(resumed, inputs, 4, 8);

        Assert.Equal(Values(straight), Values(resumed));
        Assert.Equal(straight.Optimizer.Steps, resumed.Optimizer.Steps);
    }

    [Fact]
    public void A_checkpoint_is_also_a_weights_file()
    {
        var spec = SpecReader.Parse(TinySpec, "tiny");
        var learner = Learner(spec, seed: 2);
        Train(learner, Inputs(spec, 2, 3), 0, 2);
        var store = new CheckpointStore(_dir);
        store.Save(learner, default);
        var inference = Network.Build(spec, new NetworkOptions(1, Learning: false, Seed: 9));
        WeightFile.Import(inference, store.FilePath!);
        for (var i = 0; i < inference.Parameters().Count; i++)
        {
            Assert.Equal(learner.Network.Parameters()[i].Parameter.Value, inference.Parameters()[i].Parameter.Value);
        }
    }

    [Fact]
    public void A_damaged_checkpoint_is_refused_and_the_learner_is_left_as_it_was()
    {
        var spec = SpecReader.Parse(TinySpec, "tiny");
        var store = new CheckpointStore(_dir);
        store.Save(Learner(spec, seed: 1), new LearningProgress(Samples: 3));
        var file = store.FilePath!;
        var bytes = File.ReadAllBytes(file);
        bytes[^5] ^= 0x40; // one bit of one parameter
        File.WriteAllBytes(file, bytes);

        var learner = Learner(spec, seed: 8);
        var before = Values(learner);
        var ex = Assert.Throws<CheckpointException>(() => store.Restore(learner));
        Assert.StartsWith(file + ": checksum mismatch", ex.Message, StringComparison.Ordinal);
        Assert.Equal(before, Values(learner));
        Assert.Equal(bytes, File.ReadAllBytes(file)); // never rewritten by a failed restore

        File.WriteAllBytes(file, bytes[..^9]);
        Assert.Contains("truncated", Assert.Throws<CheckpointException>(() => store.Restore(learner)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_checkpoint_of_another_network_names_the_first_difference()
    {
        var spec = SpecReader.Parse(TinySpec, "tiny");
        var store = new CheckpointStore(_dir);
        store.Save(Learner(spec, seed: 1), default);

        var wider = SpecReader.Parse(TinySpec.Replace("\"tiny\"", "\"wider\"").Replace("\"out_features\": 16", "\"out_features\": 32").Replace("\"in_features\": 16", "\"in_features\": 32"), "wider");
        var ex = Assert.Throws<CheckpointException>(() => store.Restore(Learner(wider, seed: 1)));
        Assert.Contains("checkpoint of network 'tiny' does not fit network 'wider': it was made for 'layer 3 Linear in 64 out 16", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);

        var sgd = spec with { Learning = spec.Learning with { Optimizer = OptimizerKind.Sgd } };
        Assert.Contains("optimizer Adam' but this network has 'learning stllr mode PerSample feedback Bp optimizer Sgd'",
            Assert.Throws<CheckpointException>(() => store.Restore(Learner(sgd, seed: 1))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_failed_save_keeps_the_previous_checkpoint()
    {
        var spec = SpecReader.Parse(TinySpec, "tiny");
        var learner = Learner(spec, seed: 1);
        var store = new CheckpointStore(_dir);
        store.Save(learner, new LearningProgress(Samples: 1));
        var good = File.ReadAllBytes(store.FilePath!);

        var first = store.FilePath!;
        Directory.CreateDirectory(Path.Combine(_dir, "checkpoint-00000002.safetensors.tmp")); // the next save's temporary file cannot be created
        Train(learner, Inputs(spec, 1, 4), 0, 1);
        var ex = Assert.Throws<CheckpointException>(() => store.Save(learner, new LearningProgress(Samples: 2)));
        Assert.Contains("could not be saved", ex.Message, StringComparison.Ordinal);
        Assert.Contains("the previous checkpoints are kept", ex.Message, StringComparison.Ordinal);
        Assert.Equal(first, store.FilePath);
        Assert.Equal(good, File.ReadAllBytes(first));
        Assert.Equal(1, new CheckpointStore(_dir).ReadInfo()!.Progress.Samples);
    }

    [Fact]
    public void Sgd_and_local_loss_state_round_trips_too()
    {
        var spec = SpecReader.Parse(TinySpec, "tiny");
        spec = spec with { Learning = spec.Learning with { Optimizer = OptimizerKind.Sgd, Feedback = FeedbackMode.LocalLoss } };
        var inputs = Inputs(spec, 4, 6);
        var straight = Learner(spec, seed: 3);
        Train(straight, inputs, 0, 4);
        var first = Learner(spec, seed: 3);
        Train(first, inputs, 0, 2);
        var store = new CheckpointStore(_dir);
        store.Save(first, default);
        var resumed = Learner(spec, seed: 3);
        store.Restore(resumed);
        Train(resumed, inputs, 2, 4);
        Assert.Equal(Values(straight), Values(resumed));
    }

    [Theory]
    [InlineData("bptt")]
    [InlineData("ttl-bptt")]
    [InlineData("bpsta")]
    [InlineData("ottt")]
    [InlineData("eprop")]
    [InlineData("event-driven")]
    public void Every_rule_resumes_bit_for_bit_and_refuses_another_rules_checkpoint(string rule)
    {
        var spec = SpecReader.Parse(TinySpec, "tiny");
        var inputs = Inputs(spec, 4, 8);
        ILearner Build() => LearnerFactory.Create(spec, new NetworkOptions(1, Learning: true, Seed: 4), rule);
        var straight = Build();
        Train(straight, inputs, 0, 4);
        var first = Build();
        Train(first, inputs, 0, 2);
        var store = new CheckpointStore(_dir);
        store.Save(first, default);
        Assert.Equal(rule, store.ReadInfo()!.Rule);
        var resumed = Build();
        store.Restore(resumed);
        Train(resumed, inputs, 2, 4);
        Assert.Equal(Values(straight), Values(resumed));

        Assert.Throws<CheckpointException>(() => store.Restore(Learner(spec, seed: 4)));
    }

    private static StllrLearner Learner(NetworkSpec spec, ulong seed) =>
        new(Network.Build(spec, new NetworkOptions(1, Learning: true, Seed: seed)));

    private static float[][] Inputs(NetworkSpec spec, int samples, ulong seed)
    {
        var rng = new Rng(seed);
        var inputs = new float[samples][];
        for (var s = 0; s < samples; s++)
        {
            inputs[s] = new float[spec.TimeSteps * spec.InputSize];
            for (var i = 0; i < inputs[s].Length; i++)
            {
                inputs[s][i] = rng.NextDouble() < 0.2 ? 1f : 0f;
            }
        }
        return inputs;
    }

    private static void Train(ILearner learner, float[][] inputs, int from, int to)
    {
        var n = learner.Network.Spec.InputSize;
        for (var s = from; s < to; s++)
        {
            learner.BeginSample([s % learner.Network.Spec.Classes]);
            for (var t = 0; t < learner.TimeSteps; t++)
            {
                learner.Step(inputs[s].AsSpan(t * n, n), t);
            }
            learner.EndSample();
        }
    }

    private static float[] Values(ILearner learner)
    {
        var all = new List<float>();
        foreach (var p in learner.Optimizer.Parameters)
        {
            all.AddRange(p.Value);
        }
        foreach (var m in learner.Optimizer.FirstMoments)
        {
            all.AddRange(m);
        }
        return [.. all];
    }
}
