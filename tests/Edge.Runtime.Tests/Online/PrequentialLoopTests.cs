using Edge.Runtime.Events;
using Edge.Runtime.Learning;
using Edge.Runtime.Online;
using Edge.Runtime.Specs;

namespace Edge.Runtime.Tests.Online;

public sealed class PrequentialLoopTests
{
    [Fact]
    public void Each_prediction_rule_averages_its_own_steps()
    {
        float[][] steps = [[1, 0, 0], [0, 3, 0], [0, 0, 5], [0, 4, 0]];
        var all = Accumulate(PredictionRule.SumAll, 2, steps);
        var learn = Accumulate(PredictionRule.SumLearn, 2, steps);
        var last = Accumulate(PredictionRule.Last, 2, steps);

        Assert.Equal([0.25f, 1.75f, 1.25f], all.Scores(0).ToArray());
        Assert.Equal(1, all.ClassOf(0));
        Assert.Equal(4, all.StepsUsed);
        Assert.Equal([0f, 2f, 2.5f], learn.Scores(0).ToArray());
        Assert.Equal(2, learn.ClassOf(0));
        Assert.Equal(2, learn.StepsUsed);
        Assert.Equal([0f, 4f, 0f], last.Scores(0).ToArray());
        Assert.Equal(1, last.ClassOf(0));
        var expected = 1 / (1 + (2 * Math.Exp(-4)));
        Assert.Equal(expected, last.ConfidenceOf(0), 6);
    }

    [Fact]
    public void A_sample_without_a_label_is_predicted_frame_by_frame_and_not_learned()
    {
        var (learner, source) = Setup(labels: [-1, -1], frames: [3, 5]);
        var loop = PrequentialLoop.For(learner, source);

        Assert.True(loop.Next(out var first));
        Assert.True(loop.Next(out var second));

        Assert.False(first.Learned || second.Learned);
        Assert.Equal(0, learner.Optimizer.Steps);
        Assert.Equal(8, loop.Steps);
        Assert.Equal(0, loop.Labelled);
        Assert.False(first.Correct);
    }

    [Fact]
    public void Inference_mode_learns_nothing_and_learning_mode_updates_after_predicting()
    {
        var (learner, source) = Setup(labels: [1, 0], frames: [4, 4]);
        var loop = PrequentialLoop.For(learner, source);
        loop.Learn = false;
        Assert.True(loop.Next(out var judged));
        Assert.Equal(0, learner.Optimizer.Steps);

        loop.Learn = true;
        Assert.True(loop.Next(out var learned));
        Assert.False(judged.Learned);
        Assert.True(learned.Learned);
        Assert.Equal(1, learner.Optimizer.Steps);
        Assert.Equal(2, loop.Labelled);
    }

    [Fact]
    public void A_rule_that_updates_inside_a_sample_is_judged_by_an_inference_pass_with_the_weights_it_started_with()
    {
        var spec = Spec();
        spec = spec with { Learning = spec.Learning with { Mode = StllrMode.Online } };
        var (learner, source) = Setup(labels: [0, 1, 2, 0], frames: [4, 4, 4, 4], spec);
        var reference = Network.Build(spec, new NetworkOptions(1, Learning: false, Seed: 3));
        var judge = PrequentialLoop.For(reference, source.Copy());
        var loop = PrequentialLoop.For(learner, source);

        for (var i = 0; i < 4; i++)
        {
            CopyWeights(learner.Network, reference);
            Assert.True(judge.Next(out var expected));
            Assert.True(loop.Next(out var outcome));
            Assert.Equal(expected.Prediction, outcome.Prediction);
            Assert.Equal(expected.Confidence, outcome.Confidence);
            Assert.True(outcome.Learned);
        }
        Assert.Equal(4, loop.InferencePasses);
        Assert.True(learner.Optimizer.Steps > 4, "stllr-online steps the optimizer on every learning step");
    }

    [Fact]
    public void A_batch_learns_whole_batches_and_leaves_out_an_incomplete_last_one()
    {
        var spec = Spec();
        var learner = LearnerFactory.Create(spec, new NetworkOptions(2, Learning: true, Seed: 3));
        var source = Frames(spec, [0, 1, 2, 0, 1], [4, 4, 4, 4, 4]);
        var loop = PrequentialLoop.For(learner, source);

        Assert.True(loop.Next());
        Assert.True(loop.Next());
        Assert.False(loop.Next());
        Assert.Equal(4, loop.Samples);
        Assert.Equal(2, loop.Outcomes.Length);
        Assert.Equal(2, learner.Optimizer.Steps);
    }

    private static PredictionAccumulator Accumulate(PredictionRule rule, int learnSteps, float[][] steps)
    {
        var accumulator = new PredictionAccumulator(rule, 1, 3, learnSteps);
        accumulator.Begin();
        foreach (var step in steps)
        {
            accumulator.Add(step);
        }
        accumulator.Finish();
        return accumulator;
    }

    private static NetworkSpec Spec() => SpecReader.Parse("""
        { "input_shape": [6], "classes": 3, "time_steps": 4, "learn_steps": 2,
          "layers": [ { "type": "linear", "in_features": 6, "out_features": 8 }, { "type": "readout-linear", "in_features": 8, "out_features": 3 } ] }
        """, "loop-test");

    private static (ILearner Learner, CopyableFrames Source) Setup(int[] labels, int[] frames, NetworkSpec? spec = null)
    {
        spec ??= Spec();
        var learner = LearnerFactory.Create(spec, new NetworkOptions(1, Learning: true, Seed: 3));
        return (learner, Frames(spec, labels, frames));
    }

    private static CopyableFrames Frames(NetworkSpec spec, int[] labels, int[] frames)
    {
        var rng = new Rng(11);
        var samples = new float[labels.Length][];
        for (var i = 0; i < samples.Length; i++)
        {
            samples[i] = new float[frames[i] * spec.InputSize];
            for (var k = 0; k < samples[i].Length; k++)
            {
                samples[i][k] = rng.NextDouble() < 0.4 ? 1f : 0f;
            }
        }
        return new CopyableFrames(samples, labels, spec.InputSize);
    }

    private static void CopyWeights(Network from, Network to)
    {
        var a = from.Parameters();
        var b = to.Parameters();
        for (var i = 0; i < a.Count; i++)
        {
            a[i].Parameter.Value.CopyTo(b[i].Parameter.Value, 0);
        }
        to.RefreshWeights();
    }

    /// <summary>In-memory frames that can be read twice (once by a judge, once by the loop).</summary>
    private sealed class CopyableFrames(float[][] samples, int[] labels, int frameLength) : IFrameSource
    {
        private readonly FrameArraySource _inner = new(samples, labels, frameLength);

        public int FrameLength => _inner.FrameLength;

        public Segment Current => _inner.Current;

        public long EventsInSample => _inner.EventsInSample;

        public bool MoveNext() => _inner.MoveNext();

        public bool NextFrame(Span<float> destination) => _inner.NextFrame(destination);

        public CopyableFrames Copy() => new(samples, labels, frameLength);
    }
}
