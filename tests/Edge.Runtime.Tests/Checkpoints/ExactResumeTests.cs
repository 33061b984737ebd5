using Edge.Runtime.Checkpoints;
using Edge.Runtime.Events;
using Edge.Runtime.Learning;
using Edge.Runtime.Online;
using Edge.Runtime.Specs;

namespace Edge.Runtime.Tests.Checkpoints;

/// <summary>
/// Stopping and resuming loses nothing: 1,000 samples, a save, a new process's restore and 1,000
/// more give bit for bit the weights, optimizer moments, step count, dropout generator and
/// counters of 2,000 samples learned without a stop — for every rule <c>edge train --rule</c>
/// takes, with one and two threads per step under Adam, and with SGD's momentum buffers.
/// </summary>
public sealed class ExactResumeTests : IDisposable
{
    private const int Half = 1000;

    /// <summary>
    /// Small so 84,000 samples stay cheap; dropout so the mask generator matters; two hidden layers
    /// so TTL-BPTT has a local block; κ set so e-prop filters its traces (with the stateless
    /// readout's κ = 0 it would make OTTT's updates).
    /// </summary>
    private const string Spec = """
        {
          "name": "resume", "input_shape": [12], "classes": 3, "time_steps": 4, "learn_steps": 2,
          "psi": "triangle-0.3", "leak": 0, "threshold": 0.5, "optimizer": OPTIMIZER,
          "rule_options": { "block_size": 1, "truncation": 2, "kappa": 0.5 },
          "layers": [
            { "type": "linear", "in_features": 12, "out_features": 10 },
            { "type": "dropout", "p": 0.3 },
            { "type": "linear", "in_features": 10, "out_features": 8 },
            { "type": "readout-linear", "in_features": 8, "out_features": 3 }
          ]
        }
        """;

    private readonly string _dir = Directory.CreateTempSubdirectory("edge-resume-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private const string Adam = """{ "type": "adam", "lr": 0.01 }""";
    private const string SgdMomentum = """{ "type": "sgd", "lr": 0.05, "momentum": 0.9 }""";

    public static TheoryData<string, int, string> Cases()
    {
        var data = new TheoryData<string, int, string>();
        foreach (var rule in LearnerFactory.Rules)
        {
            data.Add(rule, 1, Adam);
            data.Add(rule, 2, Adam);
            data.Add(rule, 1, SgdMomentum);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Thousand_plus_thousand_samples_with_a_restore_between_equal_two_thousand(string rule, int threads, string optimizer)
    {
        var spec = SpecReader.Parse(Spec.Replace("OPTIMIZER", optimizer, StringComparison.Ordinal), "resume");
        var sgd = spec.Learning.Optimizer == OptimizerKind.Sgd;
        var (frames, labels) = Samples(spec, 2 * Half);

        var straight = Create(spec, rule, threads);
        var straightCounts = Learn(straight, frames, labels, 0, 2 * Half, default);

        var first = Create(spec, rule, threads);
        var firstCounts = Learn(first, frames, labels, 0, Half, default);
        var store = new CheckpointStore(Path.Combine(_dir, $"{rule}-{threads}-{(sgd ? "sgd" : "adam")}"));
        store.Save(first, firstCounts);
        first.Network.Dispose();

        var reopened = new CheckpointStore(store.Directory);
        var info = reopened.ReadInfo()!;
        var resumed = Create(spec, rule, threads, info.Seed);
        reopened.Restore(resumed);
        var resumedCounts = Learn(resumed, frames, labels, Half, 2 * Half, info.Progress);

        Assert.Equal(straightCounts, resumedCounts);
        Assert.Equal(straight.Optimizer.Steps, resumed.Optimizer.Steps);
        Assert.True(straight.Optimizer.Steps >= 2 * Half - 1, $"{rule}: only {straight.Optimizer.Steps} optimizer steps");
        Assert.Equal(straight.Network.MaskGenerator.State, resumed.Network.MaskGenerator.State);
        for (var k = 0; k < straight.Optimizer.Parameters.Count; k++)
        {
            var name = straight.Optimizer.Parameters[k].Name;
            Assert.True(Bits(straight.Optimizer.Parameters[k].Value).SequenceEqual(Bits(resumed.Optimizer.Parameters[k].Value)), $"{rule}/{threads}: parameter {k} ({name}) differs");
            Assert.True(Bits(straight.Optimizer.FirstMoments[k]).SequenceEqual(Bits(resumed.Optimizer.FirstMoments[k])), $"{rule}/{threads}: first moment {k} differs");
            if (!sgd)
            {
                Assert.True(Bits(straight.Optimizer.SecondMoments![k]).SequenceEqual(Bits(resumed.Optimizer.SecondMoments![k])), $"{rule}/{threads}: second moment {k} differs");
            }
        }
        Assert.Equal(sgd, straight.Optimizer.SecondMoments is null);
        Assert.Contains(straight.Optimizer.FirstMoments, m => m.Any(v => v != 0f)); // the momentum buffers are in use
        straight.Network.Dispose();
        resumed.Network.Dispose();
    }

    private static ILearner Create(NetworkSpec spec, string rule, int threads, ulong seed = 7) =>
        LearnerFactory.Create(spec, new NetworkOptions(1, Learning: true, Seed: seed) { Threads = threads }, rule);

    /// <summary>Learns samples [from, to) through the sample loop; returns the counters continued from <paramref name="start"/>.</summary>
    private static LearningProgress Learn(ILearner learner, float[][] frames, int[] labels, int from, int to, LearningProgress start)
    {
        var source = new FrameArraySource(frames[from..to], labels[from..to], learner.Network.Spec.InputSize);
        var loop = PrequentialLoop.For(learner, source);
        while (loop.Next())
        {
        }
        return start with
        {
            Samples = start.Samples + loop.Labelled,
            Correct = start.Correct + loop.Correct,
            Steps = start.Steps + loop.Steps,
            Events = start.Events + loop.Events,
        };
    }

    private static (float[][] Frames, int[] Labels) Samples(NetworkSpec spec, int count)
    {
        var rng = new Rng(123);
        var frames = new float[count][];
        var labels = new int[count];
        for (var s = 0; s < count; s++)
        {
            labels[s] = s % 3;
            frames[s] = new float[spec.TimeSteps * spec.InputSize];
            for (var i = 0; i < frames[s].Length; i++)
            {
                // Each class lights its own third of the inputs more often, so there is something to learn.
                var own = i % spec.InputSize / 4 == labels[s];
                frames[s][i] = rng.NextDouble() < (own ? 0.6 : 0.15) ? 1f : 0f;
            }
        }
        return (frames, labels);
    }

    private static int[] Bits(float[] values) => [.. values.Select(BitConverter.SingleToInt32Bits)];
}
