using Edge.Runtime.Learning;
using Edge.Runtime.Learning.Stllr;
using Edge.Runtime.Specs;

namespace Edge.Runtime.Tests.Learning;

/// <summary>
/// Learning cannot blow up: an update whose loss, gradient or weights hold NaN or ±∞ is rejected
/// before the optimizer applies it — parameters, moments and the step count stay as they were, the
/// sample's neuron state is reset, the rejection is counted — and learning goes on with the next
/// sample. A rejected update allocates nothing.
/// </summary>
public sealed class NonFiniteUpdateTests
{
    private const string Spec = """
        {
          "name": "guard", "input_shape": [12], "classes": 3, "time_steps": 4, "learn_steps": 2,
          "psi": "triangle-0.3", "leak": 0, "threshold": 0.5, "optimizer": { "type": "adam", "lr": 0.01 },
          "rule_options": { "block_size": 1, "truncation": 2 },
          "layers": [
            { "type": "linear", "in_features": 12, "out_features": 10 },
            { "type": "linear", "in_features": 10, "out_features": 8 },
            { "type": "readout-linear", "in_features": 8, "out_features": 3 }
          ]
        }
        """;

    public static TheoryData<string> Rules() => [.. LearnerFactory.Rules];

    [Theory]
    [MemberData(nameof(Rules))]
    public void A_nan_frame_is_rejected_and_nothing_learned_changes(string rule)
    {
        var learner = Create(rule);
        Learn(learner, Frame(1f), 3);
        var before = State(learner);
        var steps = learner.Optimizer.Steps;

        Learn(learner, Frame(float.NaN), 1);

        if (learner.Optimizer.Rejected == 0)
        {
            // HTGLIF and dual-exponential neurons compare the input against their threshold, which a
            // NaN never passes: the NaN stops there and never reaches a loss or a gradient.
            Assert.True(rule is "bpsta" or "event-driven", $"{rule}: the NaN sample's update was not rejected");
            Assert.True(float.IsFinite(learner.LastLoss));
            Assert.All(State(learner), v => Assert.True(float.IsFinite(BitConverter.Int32BitsToSingle(v))));
        }
        else
        {
            Assert.Equal(steps, learner.Optimizer.Steps);
            Assert.Equal(before, State(learner));
        }
        AssertStateIsFinite(learner);

        Learn(learner, Frame(1f), 2);
        Assert.True(learner.Optimizer.Steps > steps, $"{rule}: learning did not resume after the rejected update");
        Assert.All(State(learner), v => Assert.True(float.IsFinite(BitConverter.Int32BitsToSingle(v))));
    }

    [Theory]
    [MemberData(nameof(Rules))]
    public void Huge_and_infinite_inputs_never_leave_a_non_finite_parameter(string rule)
    {
        var learner = Create(rule);
        foreach (var value in new[] { 1e30f, float.MaxValue, float.PositiveInfinity, float.NegativeInfinity, -1e38f })
        {
            Learn(learner, Frame(value), 2);
            Assert.All(State(learner), v => Assert.True(float.IsFinite(BitConverter.Int32BitsToSingle(v)), $"{rule}: input {value} left a non-finite value"));
            AssertStateIsFinite(learner);
        }
        var steps = learner.Optimizer.Steps;
        Learn(learner, Frame(1f), 2);
        Assert.True(learner.Optimizer.Steps > steps, $"{rule}: learning did not resume after the huge inputs");
    }

    [Fact]
    public void A_nan_weight_is_caught_before_the_optimizer_applies_anything()
    {
        var learner = Create("stllr");
        Learn(learner, Frame(1f), 2);
        var weight = learner.Optimizer.Parameters[0];
        weight.Value[5] = float.NaN;
        var before = State(learner);
        var steps = learner.Optimizer.Steps;
        Learn(learner, Frame(1f), 1);
        Assert.Equal(1, learner.Optimizer.Rejected);
        Assert.Equal(steps, learner.Optimizer.Steps);
        Assert.Equal(before, State(learner));
    }

    [Fact]
    public void An_online_learner_rejects_the_bad_step_resets_the_sample_and_learns_the_rest()
    {
        var spec = SpecReader.Parse(Spec, "guard");
        spec = spec with { Learning = spec.Learning with { Mode = StllrMode.Online } };
        var learner = new StllrLearner(Network.Build(spec, new NetworkOptions(1, Learning: true, Seed: 3)));
        var good = Frame(1f);
        var bad = Frame(float.NaN);
        learner.BeginSample([1]);
        for (var t = 0; t < learner.TimeSteps; t++)
        {
            learner.Step(t == 2 ? bad : good, t); // T_l = 2: steps 2 and 3 learn
        }
        learner.EndSample();
        Assert.Equal(1, learner.Optimizer.Rejected);
        Assert.Equal(1, learner.Optimizer.Steps); // step 3 learned from the reset state
        AssertStateIsFinite(learner);
    }

    [Fact]
    public void Rejected_updates_allocate_nothing()
    {
        var learner = Create("stllr");
        var bad = Frame(float.NaN);
        Learn(learner, bad, 2);
        var before = GC.GetAllocatedBytesForCurrentThread();
        Learn(learner, bad, 200);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(202, learner.Optimizer.Rejected);
    }

    private static ILearner Create(string rule) =>
        LearnerFactory.Create(SpecReader.Parse(Spec, "guard"), new NetworkOptions(1, Learning: true, Seed: 3), rule);

    private static float[] Frame(float value)
    {
        var frame = new float[12];
        for (var i = 0; i < frame.Length; i += 2)
        {
            frame[i] = value;
        }
        return frame;
    }

    private static void Learn(ILearner learner, float[] frame, int samples)
    {
        for (var s = 0; s < samples; s++)
        {
            learner.BeginSample([s % 3]);
            for (var t = 0; t < learner.TimeSteps; t++)
            {
                learner.Step(frame, t);
            }
            learner.EndSample();
        }
    }

    /// <summary>Every parameter and moment, as bits (NaN compares equal to itself).</summary>
    private static List<int> State(ILearner learner)
    {
        var all = new List<int>();
        var o = learner.Optimizer;
        for (var k = 0; k < o.Parameters.Count; k++)
        {
            all.AddRange(o.Parameters[k].Value.Select(BitConverter.SingleToInt32Bits));
            all.AddRange(o.FirstMoments[k].Select(BitConverter.SingleToInt32Bits));
            all.AddRange(o.SecondMoments![k].Select(BitConverter.SingleToInt32Bits));
        }
        return all;
    }

    /// <summary>After a rejected update the neurons start again from rest: no NaN is left in any layer's output.</summary>
    private static void AssertStateIsFinite(ILearner learner)
    {
        learner.Network.Step(Frame(0f), training: false);
        foreach (var layer in learner.Network.Layers)
        {
            foreach (var v in layer.Output)
            {
                Assert.True(float.IsFinite(v), $"layer {layer.Index} output holds {v} after the rejected update");
            }
        }
    }
}
