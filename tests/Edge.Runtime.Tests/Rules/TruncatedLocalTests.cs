using Edge.Runtime.Layers;
using Edge.Runtime.Learning;
using Edge.Runtime.Learning.Rules;
using Edge.Runtime.Specs;
using static Edge.Runtime.Tests.Rules.RuleTestNetworks;

namespace Edge.Runtime.Tests.Rules;

/// <summary>TTL-BPTT: windows of K steps, local blocks with auxiliary classifiers, early updates.</summary>
public class TruncatedLocalTests
{
    [Fact]
    public void One_window_of_t_steps_and_one_block_is_bptt()
    {
        var spec = WithOptions(Spec(Conv), new RuleOptions { Truncation = 6, BlockSize = 99 });
        var ttl = LearnerFactory.Create(spec, new NetworkOptions(Seed: 2), "ttl-bptt");
        var bptt = LearnerFactory.Create(spec, new NetworkOptions(Seed: 2), "bptt");
        Assert.Single(((ThroughTimeLearner)ttl).Blocks);
        for (var sample = 0; sample < 2; sample++)
        {
            var inputs = Inputs(spec, spec.TimeSteps, 1, (ulong)(40 + sample), density: 0.3);
            RunSample(ttl, inputs, [sample]);
            RunSample(bptt, inputs, [sample]);
        }
        var a = Snapshot(bptt.Network);
        foreach (var (name, values) in Snapshot(ttl.Network))
        {
            Assert.Equal(a[name], values);
        }
    }

    /// <summary>
    /// TTL-BPTT against an independent float64 reference (<see cref="ReferenceBptt"/> run per block
    /// and window): T = 8 in windows of K = 3 (3, 3, 2 steps), the membranes carried across windows
    /// as constants, each block trained by BPTT inside the window on its own loss — an auxiliary
    /// classifier's cross-entropy of its logits summed over the window (W·Σf + K·b), or the
    /// readout's — with its input from the block below detached, and an SGD step (lr 1) after every
    /// window, so later windows run on updated weights. Block size 1 gives three blocks (layer 0 +
    /// classifier, layer 1 + classifier, readout), block size 2 two (layers 0–1 + classifier, readout).
    /// </summary>
    [Theory]
    [InlineData(1, 21UL)]
    [InlineData(2, 22UL)]
    public void Truncated_local_gradients_match_the_float64_reference(int blockSize, ulong seed)
    {
        // γ = σ(2) = 0.88, Ψ = sigmoid-4 (never 0) and weak input after the first window: the membranes
        // carried into a window weigh on its gradients (a reference that restarts them at rest fails).
        var json = Dense.Replace("\"leak\": 0", "\"leak\": 2", StringComparison.Ordinal).Replace("triangle-0.3", "sigmoid-4", StringComparison.Ordinal);
        var spec = WithOptions(Spec(json), new RuleOptions { Truncation = 3, BlockSize = blockSize });
        var learner = (ThroughTimeLearner)LearnerFactory.Create(spec, new NetworkOptions(Seed: seed), "ttl-bptt");
        var network = learner.Network;
        RandomBiases(network, seed + 100);
        var layers = network.Layers;
        Assert.Equal(3, learner.Window);
        Assert.Equal(blockSize == 1 ? [(0, 0), (1, 1), (2, 2)] : [(0, 1), (2, 2)], learner.Blocks);

        var hidden = new[] { BpttGradientTests.Hidden(layers[0], Sigmoid: true), BpttGradientTests.Hidden(layers[1], Sigmoid: true) };
        var heads = learner.Optimizer.Parameters.Where(p => p.Name.StartsWith("aux_", StringComparison.Ordinal)).ToArray();
        var blocks = new List<ReferenceBptt>();
        for (var b = 0; b < learner.Blocks.Count - 1; b++)
        {
            var (first, last) = learner.Blocks[b];
            blocks.Add(new ReferenceBptt
            {
                Layers = hidden[first..(last + 1)],
                ReadoutW = Matrix(heads[2 * b]),
                ReadoutB = Vector(heads[(2 * b) + 1]),
            });
        }
        blocks.Add(new ReferenceBptt { Layers = [], ReadoutW = Matrix(Param(layers[2], "weight")), ReadoutB = Vector(Param(layers[2], "bias")) });

        var inputs = Inputs(spec, spec.TimeSteps, 1, seed);
        for (var t = 3; t < inputs.Length; t++)
        {
            for (var i = 0; i < inputs[t].Length; i++)
            {
                inputs[t][i] *= 0.2f;
            }
        }
        const int label = 2;
        var before = Snapshot(network);
        var headsBefore = heads.Select(Values).ToArray();
        var totals = blocks.Select(b => (W: b.Layers.Select(h => new double[h.W.GetLength(0), h.W.GetLength(1)]).ToArray(),
            B: b.Layers.Select(h => new double[h.B.Length]).ToArray(), RW: new double[b.ReadoutW.GetLength(0), b.ReadoutW.GetLength(1)],
            RB: new double[b.ReadoutB.Length])).ToArray();
        for (var start = 0; start < spec.TimeSteps; start += 3)
        {
            var window = inputs[start..Math.Min(start + 3, spec.TimeSteps)].Select(x => x.Select(v => (double)v).ToArray()).ToArray();
            for (var b = 0; b < blocks.Count; b++)
            {
                blocks[b].Run(window, label);
                window = blocks[b].TopOutput;
            }
            // The update after the window: W ← W − ∂loss/∂W for every block (SGD, lr 1).
            for (var b = 0; b < blocks.Count; b++)
            {
                var block = blocks[b];
                for (var l = 0; l < block.Layers.Length; l++)
                {
                    Step(block.Layers[l].W, block.Layers[l].GradW, totals[b].W[l]);
                    Step(block.Layers[l].B, block.Layers[l].GradB, totals[b].B[l]);
                }
                Step(block.ReadoutW, block.GradReadoutW, totals[b].RW);
                Step(block.ReadoutB, block.GradReadoutB, totals[b].RB);
            }
        }
        Assert.True(blocks.Min(b => b.Margin) > 1e-4, $"seed {seed}: a membrane sits {blocks.Min(b => b.Margin)} from the threshold");

        RunSample(learner, inputs, [label]);
        var after = Snapshot(network);
        for (var b = 0; b < blocks.Count; b++)
        {
            var (first, _) = learner.Blocks[b];
            for (var l = 0; l < blocks[b].Layers.Length; l++)
            {
                var index = first + l;
                Near(totals[b].W[l], Applied(before[$"{index}:weight"], after[$"{index}:weight"]), $"block {b} layer {index} weight");
                Near(totals[b].B[l], Applied(before[$"{index}:bias"], after[$"{index}:bias"]), $"block {b} layer {index} bias");
            }
        }
        for (var h = 0; h < blocks.Count - 1; h++)
        {
            Near(totals[h].RW, Applied(headsBefore[2 * h], Values(heads[2 * h])), $"classifier {h} weight");
            Near(totals[h].RB, Applied(headsBefore[(2 * h) + 1], Values(heads[(2 * h) + 1])), $"classifier {h} bias");
        }
        Near(totals[^1].RW, Applied(before["2:weight"], after["2:weight"]), "readout weight");
        Near(totals[^1].RB, Applied(before["2:bias"], after["2:bias"]), "readout bias");
        Assert.Contains(Applied(before["0:weight"], after["0:weight"]), v => v != 0f);
    }

    private static float[] Values(Parameter p)
    {
        var values = new float[p.Count];
        p.Export(values);
        return values;
    }

    private static void Step(double[,] w, double[,] grad, double[,] total)
    {
        for (var i = 0; i < w.GetLength(0); i++)
        {
            for (var j = 0; j < w.GetLength(1); j++)
            {
                w[i, j] -= grad[i, j];
                total[i, j] += grad[i, j];
            }
        }
    }

    private static void Step(double[] w, double[] grad, double[] total)
    {
        for (var i = 0; i < w.Length; i++)
        {
            w[i] -= grad[i];
            total[i] += grad[i];
        }
    }

    [Fact]
    public void Blocks_end_after_their_spiking_layers_and_the_pools_that_follow()
    {
        var demo = NetworkCatalog.Load("demo");
        var two = (ThroughTimeLearner)LearnerFactory.Create(WithOptions(demo, new RuleOptions { BlockSize = 2 }), new NetworkOptions(), "ttl-bptt");
        Assert.Equal([(0, 3), (4, 6)], two.Blocks);
        var one = (ThroughTimeLearner)LearnerFactory.Create(WithOptions(demo, new RuleOptions { BlockSize = 1 }), new NetworkOptions(), "ttl-bptt");
        Assert.Equal([(0, 1), (2, 3), (4, 5), (6, 6)], one.Blocks);
    }

    [Fact]
    public void The_update_comes_as_soon_as_a_window_ends()
    {
        var spec = WithOptions(Spec(Conv), new RuleOptions { Truncation = 2, BlockSize = 1 });
        var learner = LearnerFactory.Create(spec, new NetworkOptions(Seed: 3), "ttl-bptt");
        Assert.Equal(2, learner.StepsBeforeUpdate);
        var inputs = Inputs(spec, spec.TimeSteps, 1, 5, density: 0.4);
        learner.BeginSample([1]);
        var start = Snapshot(learner.Network);
        learner.Step(inputs[0], 0);
        Assert.Equal(start["0:weight"], Snapshot(learner.Network)["0:weight"]);
        learner.Step(inputs[1], 1);
        var afterWindow = Snapshot(learner.Network);
        foreach (var name in new[] { "0:weight", "2:weight", "5:weight", "6:bias" })
        {
            Assert.NotEqual(start[name], afterWindow[name]);
        }
    }

    [Fact]
    public void Window_history_does_not_grow_with_t_while_bptt_history_grows_linearly()
    {
        var spec = Spec(Conv);
        long Bytes(string rule, int t) => LearnerFactory.Create(spec, new NetworkOptions(), rule, timeSteps: t).Memory.LearningStateBytes;
        var ttl = WithOptions(spec, new RuleOptions { Truncation = 4 });
        long Ttl(int t) => LearnerFactory.Create(ttl, new NetworkOptions(), "ttl-bptt", timeSteps: t).Memory.LearningStateBytes;

        var perStep = Bytes("bptt", 11) - Bytes("bptt", 10);
        Assert.True(perStep > 0);
        Assert.Equal(90 * perStep, Bytes("bptt", 100) - Bytes("bptt", 10));
        Assert.Equal(Ttl(10), Ttl(100));
        Assert.Equal(Bytes("stllr", 10), Bytes("stllr", 100));
        // Within the window TTL keeps what BPTT keeps, plus the classifiers' feature sums.
        Assert.True(Ttl(10) >= Bytes("bptt", 4));
    }

    private static NetworkSpec WithOptions(NetworkSpec spec, RuleOptions options) =>
        spec with { Learning = spec.Learning with { RuleOptions = options } };
}
