using Edge.Runtime.Learning;
using Edge.Runtime.Learning.Flow;
using Edge.Runtime.Specs;
using static Edge.Runtime.Tests.Rules.RuleTestNetworks;

namespace Edge.Runtime.Tests.Flow;

/// <summary>
/// S-TLLR on a graph with every flow layer — a strided convolution, a transposed convolution, an
/// add and a concat skip (one output read by three layers), nearest upsampling and the flow head —
/// against a float64 reimplementation of the rule on PyTorch-ordered tensors: the forward pass at
/// every step, then one sample's updates (SGD, lr 1, no standardization, so each parameter moves by
/// exactly −ΔW). The learning signal of the shared output is the sum of its three readers' signals.
/// </summary>
public class FlowStllrReferenceTests
{
    private const string Graph = """
        { "name": "graph", "input_shape": [2, 4, 4], "time_steps": 6, "learn_steps": 3, "prediction": "last",
          "factors": [0.5, 0.8, -0.2, 1], "psi": "triangle-0.3", "leak": 1, "threshold": 0.6, "standardize": false,
          "optimizer": { "type": "sgd", "lr": 1, "momentum": 0 },
          "layers": [
            { "name": "a", "type": "conv2d", "in_channels": 2, "out_channels": 3, "kernel": 3, "padding": 1 },
            { "name": "down", "type": "conv2d", "in_channels": 3, "out_channels": 3, "kernel": 3, "stride": 2, "padding": 1 },
            { "name": "up", "type": "conv-transpose2d", "in_channels": 3, "out_channels": 3, "kernel": 4, "stride": 2, "padding": 1 },
            { "name": "sum", "type": "add", "inputs": ["up", "a"] },
            { "name": "cat", "type": "concat", "inputs": ["sum", "a"] },
            { "name": "big", "type": "upsample-nearest", "scale": 2 },
            { "name": "flow", "type": "readout-flow", "in_channels": 6, "kernel": 3, "decay": 0.8 }
          ] }
        """;

    [Theory]
    [InlineData(3UL)]
    [InlineData(8UL)]
    public void Graph_updates_match_the_float64_rule(ulong seed)
    {
        var spec = Spec(Graph);
        var target = Target(seed);
        var learner = LearnerFactory.Create(spec, new NetworkOptions(Seed: seed), "stllr", loss: new EndpointErrorLoss(new FixedSample(target)));
        var network = learner.Network;
        RandomBiases(network, seed + 50);
        var reference = new GraphReference(network, target);
        var inputs = Inputs(spec, spec.TimeSteps, 1, seed + 7, density: 0.7);

        var before = Snapshot(network);
        learner.BeginSample([0]);
        for (var t = 0; t < spec.TimeSteps; t++)
        {
            var output = learner.Step(inputs[t], t).ToArray();
            reference.Step(Reference.Doubles(inputs[t]), learns: t >= spec.TimeSteps - spec.LearnSteps);
            Near(reference.Flow, Reference.Floats(Reference.Chw(output, 2, 8, 8)), $"flow at step {t}", 1e-5, 1e-5);
        }
        learner.EndSample();
        var after = Snapshot(network);

        Assert.True(reference.Margin > 1e-4, $"seed {seed}: a membrane sits {reference.Margin} from the threshold");
        Assert.All(reference.Spikes, count => Assert.True(count > 0, "a spiking layer never fired: the test would check nothing"));
        string[] names = ["0:weight", "0:bias", "1:weight", "1:bias", "2:weight", "2:bias", "6:weight", "6:bias"];
        double[][] expected = [reference.GradA, reference.GradBiasA, reference.GradDown, reference.GradBiasDown, reference.GradUp, reference.GradBiasUp, reference.GradHead, reference.GradBiasHead];
        for (var i = 0; i < names.Length; i++)
        {
            Near(expected[i], Applied(before[names[i]], after[names[i]]), names[i]);
            Assert.Contains(Applied(before[names[i]], after[names[i]]), v => v != 0f);
        }
    }

    private static FlowTarget Target(ulong seed)
    {
        var target = new FlowTarget(8, 8) { HasTruth = true };
        var rng = new Rng(seed + 99);
        for (var p = 0; p < 64; p++)
        {
            target.Flow[2 * p] = (float)(2 * rng.NextNormal());
            target.Flow[(2 * p) + 1] = (float)(2 * rng.NextNormal());
            target.Events[p] = rng.NextDouble() < 0.7 ? 1f : 0f;
        }
        target.UpdateMask();
        return target;
    }

    /// <summary>The flow sample of a test: a fixed target and no events.</summary>
    internal sealed class FixedSample(FlowTarget target) : IFlowSample
    {
        public FlowTarget Target { get; } = target;

        public FlowEvents Events { get; } = new(1);
    }

    /// <summary>The test graph and S-TLLR in float64, with the network's initial parameters.</summary>
    private sealed class GraphReference
    {
        private readonly double[] _wA, _bA, _wDown, _bDown, _wUp, _bUp, _wHead, _bHead;
        private readonly Lif _a = new(48), _down = new(12), _up = new(48);
        private readonly double[] _traceA = new double[32], _traceDown = new double[48], _traceUp = new double[12], _traceHead = new double[384];
        private readonly double[] _head = new double[128];
        private readonly FlowTarget _target;
        private readonly double _gamma, _theta, _lambdaPost, _lambdaPre, _alphaPost, _alphaPre, _headDecay;
        private double _biasTrace;

        public GraphReference(Network network, FlowTarget target)
        {
            _target = target;
            var layers = network.Layers;
            (_wA, _bA) = (Torch(Param(layers[0], "weight")), Reference.Doubles(Param(layers[0], "bias").Value));
            (_wDown, _bDown) = (Torch(Param(layers[1], "weight")), Reference.Doubles(Param(layers[1], "bias").Value));
            (_wUp, _bUp) = (Torch(Param(layers[2], "weight")), Reference.Doubles(Param(layers[2], "bias").Value));
            (_wHead, _bHead) = (Torch(Param(layers[6], "weight")), Reference.Doubles(Param(layers[6], "bias").Value));
            var s = layers[0].Spec;
            (_gamma, _theta) = (s.Decay, s.Threshold);
            (_lambdaPost, _lambdaPre, _alphaPost, _alphaPre) = (s.Factors.LambdaPost, s.Factors.LambdaPre, s.Factors.AlphaPost, s.Factors.AlphaPre);
            _headDecay = layers[6].Spec.Decay;
            GradA = new double[_wA.Length];
            GradBiasA = new double[3];
            GradDown = new double[_wDown.Length];
            GradBiasDown = new double[3];
            GradUp = new double[_wUp.Length];
            GradBiasUp = new double[3];
            GradHead = new double[_wHead.Length];
            GradBiasHead = new double[2];
        }

        public double[] Flow => _head;

        public double Margin { get; private set; } = double.MaxValue;

        public int[] Spikes { get; } = new int[3];

        public double[] GradA { get; }

        public double[] GradBiasA { get; }

        public double[] GradDown { get; }

        public double[] GradBiasDown { get; }

        public double[] GradUp { get; }

        public double[] GradBiasUp { get; }

        public double[] GradHead { get; }

        public double[] GradBiasHead { get; }

        public void Step(double[] x, bool learns)
        {
            var sA = Fire(_a, Reference.Conv(x, 2, 4, 4, _wA, _bA, 3, 3, 1, 1, out _, out _), 0);
            var sDown = Fire(_down, Reference.Conv(sA, 3, 4, 4, _wDown, _bDown, 3, 3, 2, 1, out _, out _), 1);
            var sUp = Fire(_up, Reference.ConvTranspose(sDown, 3, 2, 2, _wUp, _bUp, 3, 4, 2, 1, out _, out _), 2);
            var sum = sUp.Zip(sA, (u, a) => u + a).ToArray();
            var big = Reference.Upsample([.. sum, .. sA], 6, 4, 4, 2);
            Trace(_traceA, x, _lambdaPre);
            Trace(_traceDown, sA, _lambdaPre);
            Trace(_traceUp, sDown, _lambdaPre);
            Trace(_traceHead, big, _headDecay);
            _biasTrace = (_headDecay * _biasTrace) + 1;
            var current = Reference.Conv(big, 6, 8, 8, _wHead, _bHead, 2, 3, 1, 1, out _, out _);
            for (var i = 0; i < _head.Length; i++)
            {
                _head[i] = (_headDecay * _head[i]) + current[i];
            }
            if (!learns)
            {
                return;
            }

            var loss = LossGradient();
            Reference.ConvWeightGrad(_traceHead, 6, 8, 8, loss, 2, 3, 1, 1, 1, GradHead);
            for (var o = 0; o < 2; o++)
            {
                GradBiasHead[o] += _biasTrace * loss.Skip(o * 64).Take(64).Sum();
            }
            var lCat = Reference.UpsampleAdjoint(Reference.ConvAdjoint(loss, 6, 8, 8, _wHead, 2, 3, 1, 1), 6, 4, 4, 2);
            var lSum = lCat[..48];
            var gUp = Learn(_up, lSum, sDown, _traceUp, GradUp, GradBiasUp, 16,
                (pre, post, scale, dW) => Reference.ConvTransposeWeightGrad(pre, 3, 2, 2, post, 3, 4, 2, 1, scale, dW));
            var lDown = Reference.ConvTransposeAdjoint(gUp, 3, 2, 2, _wUp, 3, 4, 2, 1);
            var gDown = Learn(_down, lDown, sA, _traceDown, GradDown, GradBiasDown, 4,
                (pre, post, scale, dW) => Reference.ConvWeightGrad(pre, 3, 4, 4, post, 3, 3, 2, 1, scale, dW));
            var fromDown = Reference.ConvAdjoint(gDown, 3, 4, 4, _wDown, 3, 3, 2, 1);
            // The signal of a's spikes: from the concat, the add and the strided convolution, summed.
            var lA = new double[48];
            for (var i = 0; i < 48; i++)
            {
                lA[i] = lCat[48 + i] + lSum[i] + fromDown[i];
            }
            Learn(_a, lA, x, _traceA, GradA, GradBiasA, 16,
                (pre, post, scale, dW) => Reference.ConvWeightGrad(pre, 2, 4, 4, post, 3, 3, 1, 1, scale, dW));
        }

        /// <summary>∂(mean smoothed endpoint error)/∂flow on the masked pixels, [2, 8, 8].</summary>
        private double[] LossGradient()
        {
            var gradient = new double[128];
            var n = _target.MaskedPixels;
            for (var p = 0; p < 64; p++)
            {
                if (_target.Mask[p] == 0f)
                {
                    continue;
                }
                double dx = _head[p] - _target.Flow[2 * p], dy = _head[64 + p] - _target.Flow[(2 * p) + 1];
                var norm = Math.Sqrt((dx * dx) + (dy * dy) + (0.01 * 0.01));
                gradient[p] = dx / norm / n;
                gradient[64 + p] = dy / norm / n;
            }
            return gradient;
        }

        /// <summary>S-TLLR on one LIF layer: g = L⊙Ψ; ΔW += α_post·corr(L⊙trΨ[t−1], x) + α_pre·corr(g, trx); Δb += Σ g. Returns g.</summary>
        private double[] Learn(Lif lif, double[] l, double[] input, double[] trace, double[] dW, double[] db, int positions,
            Action<double[], double[], double, double[]> weightGrad)
        {
            var g = new double[l.Length];
            var nonCausal = new double[l.Length];
            for (var i = 0; i < l.Length; i++)
            {
                g[i] = l[i] * lif.Psi[i];
                nonCausal[i] = l[i] * lif.TracePrevious[i];
            }
            weightGrad(input, nonCausal, _alphaPost, dW);
            weightGrad(trace, g, _alphaPre, dW);
            for (var o = 0; o < db.Length; o++)
            {
                db[o] += g.Skip(o * positions).Take(positions).Sum();
            }
            return g;
        }

        private double[] Fire(Lif lif, double[] current, int layer)
        {
            var spikes = new double[current.Length];
            for (var i = 0; i < current.Length; i++)
            {
                var u = (_gamma * lif.Membrane[i]) + current[i];
                var v = u - _theta;
                Margin = Math.Min(Margin, Math.Abs(v));
                spikes[i] = v > 0 ? 1 : 0;
                Spikes[layer] += (int)spikes[i];
                lif.Psi[i] = 0.3 * Math.Max(0, 1 - Math.Abs(v));
                lif.TracePrevious[i] = lif.Trace[i];
                lif.Trace[i] = (_lambdaPost * lif.Trace[i]) + lif.Psi[i];
                lif.Membrane[i] = u - (_theta * spikes[i]);
            }
            return spikes;
        }

        private static void Trace(double[] trace, double[] x, double decay)
        {
            for (var i = 0; i < trace.Length; i++)
            {
                trace[i] = (decay * trace[i]) + x[i];
            }
        }

        private static double[] Torch(Edge.Runtime.Layers.Parameter p)
        {
            var values = new float[p.Count];
            p.Export(values);
            return Reference.Doubles(values);
        }

        private sealed class Lif(int n)
        {
            public double[] Membrane { get; } = new double[n];

            public double[] Psi { get; } = new double[n];

            public double[] Trace { get; } = new double[n];

            public double[] TracePrevious { get; } = new double[n];
        }
    }
}
