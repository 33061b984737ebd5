using Edge.Runtime.Layers;
using Edge.Runtime.Learning;
using Edge.Runtime.Specs;
using static Edge.Runtime.Tests.Rules.RuleTestNetworks;

namespace Edge.Runtime.Tests.Rules;

/// <summary>
/// The event-driven rule against a float64 port of the official <c>neuron_forward_py</c> /
/// <c>neuron_backward_py</c> and the linear layer's backward (Zhu et al. 2022), on two
/// dual-exponential layers and a linear readout trained with the cross-entropy of the summed logits.
/// </summary>
public class EventDrivenTests
{
    private const string Json = """
        {
          "name": "event", "input_shape": [5], "classes": 3, "time_steps": 12, "learn_steps": 12,
          "standardize": false, "optimizer": { "type": "sgd", "lr": 1, "momentum": 0 },
          "rule_options": { "event_init_spikes": 0 },
          "layers": [
            { "type": "linear", "in_features": 5, "out_features": 6 },
            { "type": "linear", "in_features": 6, "out_features": 4 },
            { "type": "readout-linear", "in_features": 4, "out_features": 3 }
          ]
        }
        """;

    [Theory]
    [InlineData(1UL)]
    [InlineData(3UL)]
    public void Gradients_exist_only_at_spike_events_as_in_the_official_code(ulong seed)
    {
        var spec = Spec(Json);
        var learner = LearnerFactory.Create(spec, new NetworkOptions(Seed: seed), "event-driven");
        var network = learner.Network;
        Assert.All(network.Layers.Take(2), l => Assert.IsType<DualExpLayer>(l));
        RandomBiases(network, seed + 50);
        var inputs = Inputs(spec, spec.TimeSteps, 1, seed + 7);
        var dual = ((DualExpLayer)network.Layers[0]).Neurons;
        var c = dual.Constants;
        var layers = new[] { network.Layers[0], network.Layers[1] };
        var w = layers.Select(l => Matrix(Param(l, "weight"))).ToArray();
        var b = layers.Select(l => Vector(Param(l, "bias"))).ToArray();
        var wo = Matrix(Param(network.Layers[2], "weight"));
        var bo = Vector(Param(network.Layers[2], "bias"));
        const int label = 2;
        var steps = spec.TimeSteps;
        double thetaM = 1 / c.TauM, thetaS = 1 / c.TauS, thetaG = 1 / c.TauGrad, threshold = dual.Threshold;

        // Forward (leaky, exponential gradient).
        var x = new double[3][][];
        var du = new double[2][][];
        var dut = new double[2][][];
        x[0] = [.. inputs.Select(v => v.Select(f => (double)f).ToArray())];
        var margin = double.MaxValue;
        for (var l = 0; l < 2; l++)
        {
            var n = b[l].Length;
            double[] synM = new double[n], synS = new double[n], synG = new double[n], last = new double[n];
            x[l + 1] = new double[steps][];
            du[l] = new double[steps][];
            dut[l] = new double[steps][];
            for (var t = 0; t < steps; t++)
            {
                var s = new double[n];
                du[l][t] = new double[n];
                dut[l][t] = new double[n];
                for (var o = 0; o < n; o++)
                {
                    var current = b[l][o];
                    for (var i = 0; i < x[l][t].Length; i++)
                    {
                        current += w[l][o, i] * x[l][t][i];
                    }
                    synM[o] = (synM[o] + current) * (1 - thetaM);
                    synS[o] = (synS[o] + current) * (1 - thetaS);
                    synG[o] = (synG[o] + current) * (1 - thetaG);
                    var u = (synM[o] - synS[o]) * thetaS / (thetaS - thetaM);
                    margin = Math.Min(margin, Math.Abs(u - threshold));
                    du[l][t][o] = u - last[o];
                    dut[l][t][o] = synG[o];
                    s[o] = u >= threshold ? 1 : 0;
                    last[o] = u * (1 - s[o]);
                    synM[o] *= 1 - s[o];
                    synS[o] *= 1 - s[o];
                    synG[o] *= 1 - s[o];
                }
                x[l + 1][t] = s;
            }
        }
        Assert.True(margin > 1e-4, $"seed {seed}: a potential sits {margin} from the threshold");
        Assert.Contains(x[2].SelectMany(v => v), v => v == 1);

        // Readout: CE of the summed logits.
        var sum = new double[3];
        for (var t = 0; t < steps; t++)
        {
            for (var k = 0; k < 3; k++)
            {
                sum[k] += bo[k] + Enumerable.Range(0, 4).Sum(j => wo[k, j] * x[2][t][j]);
            }
        }
        var max = sum.Max();
        var total = sum.Sum(v => Math.Exp(v - max));
        var l0 = sum.Select((v, k) => (Math.Exp(v - max) / total) - (k == label ? 1 : 0)).ToArray();
        var gwo = new double[3, 4];
        var gradOut = new double[steps][];
        for (var t = 0; t < steps; t++)
        {
            gradOut[t] = new double[4];
            for (var k = 0; k < 3; k++)
            {
                for (var j = 0; j < 4; j++)
                {
                    gwo[k, j] += l0[k] * x[2][t][j];
                    // The top layer turns ∂loss/∂s into the spike-time gradient ∂loss/∂t = −∂loss/∂s.
                    gradOut[t][j] -= wo[k, j] * l0[k];
                }
            }
        }

        // Spike-event backward, top layer first.
        var gw = new double[2][,];
        var gb = new double[2][];
        for (var l = 1; l >= 0; l--)
        {
            var n = b[l].Length;
            var nIn = x[l][0].Length;
            gw[l] = new double[n, nIn];
            gb[l] = new double[n];
            var below = new double[steps][];
            double[] pw = new double[n], pt = new double[n];
            var dt = new long[n];
            var spiked = new double[n];
            for (var t = steps - 1; t >= 0; t--)
            {
                below[t] = new double[nIn];
                var gradIn = new double[n];
                for (var o = 0; o < n; o++)
                {
                    var output = x[l + 1][t][o];
                    spiked[o] += (1 - spiked[o]) * output;
                    var g = gradOut[t][o] * output;
                    var pu = Math.Clamp(-1 / du[l][t][o], -4, 0);
                    var put = Math.Clamp(-1 / dut[l][t][o], -123456789.0, 0);
                    pw[o] = (pw[o] * (1 - output)) + (g * pu * output);
                    pt[o] = (pt[o] * (1 - output)) + (g * put * output);
                    dt[o] = (dt[o] + 1) * (long)(1 - output);
                    var k = (int)dt[o];
                    var synA = (Math.Pow(1 - thetaM, k + 1) - Math.Pow(1 - thetaS, k + 1)) * thetaS / (thetaS - thetaM);
                    var gradW = pw[o] * synA * spiked[o];
                    gradIn[o] = pt[o] * -Math.Pow(1 - thetaG, k + 1) * spiked[o];
                    gb[l][o] += gradW;
                    for (var i = 0; i < nIn; i++)
                    {
                        gw[l][o, i] += gradW * x[l][t][i];
                    }
                }
                for (var i = 0; i < nIn; i++)
                {
                    var acc = 0.0;
                    for (var o = 0; o < n; o++)
                    {
                        acc += gradIn[o] * w[l][o, i];
                    }
                    below[t][i] = 0.85 * acc * x[l][t][i];
                }
            }
            gradOut = below;
        }

        var before = Snapshot(network);
        RunSample(learner, inputs, [label]);
        var after = Snapshot(network);
        Near(gwo, Applied(before["2:weight"], after["2:weight"]), "readout weight");
        for (var l = 0; l < 2; l++)
        {
            Near(gw[l], Applied(before[$"{l}:weight"], after[$"{l}:weight"]), $"layer {l} weight");
            Near(gb[l], Applied(before[$"{l}:bias"], after[$"{l}:bias"]), $"layer {l} bias");
        }
        Assert.Contains(Applied(before["0:weight"], after["0:weight"]), v => v != 0f);
    }

    [Fact]
    public void The_first_sample_calibrates_every_layer_to_fire()
    {
        var spec = LearnerFactory.Prepare(NetworkCatalog.Load("nmnist-small"), "event-driven") with { TimeSteps = 12 };
        var learner = LearnerFactory.Create(spec, new NetworkOptions(Seed: 1));
        var inputs = Inputs(spec, spec.TimeSteps, 1, 3, density: 0.05);
        var before = Snapshot(learner.Network);
        RunSample(learner, inputs, [1]);
        // Only gains moved (the calibration), no weight: the first sample does not learn.
        Assert.Equal(before["0:weight"], Snapshot(learner.Network)["0:weight"]);
        Assert.NotEqual(before["0:gain"], Snapshot(learner.Network)["0:gain"]);

        learner.Network.ResetState(training: false);
        var spikes = new double[3];
        for (var t = 0; t < spec.TimeSteps; t++)
        {
            learner.Network.Step(inputs[t], training: false);
            var k = 0;
            foreach (var layer in learner.Network.Layers.Where(l => l.Spec.IsSpiking))
            {
                spikes[k++] += layer.Output.Sum();
            }
        }
        Assert.All(spikes, s => Assert.True(s > 0, "a calibrated layer stays silent"));
    }

    [Fact]
    public void The_rule_brings_its_neurons_into_the_spec_it_runs()
    {
        var spec = LearnerFactory.Prepare(Spec(Json), "event-driven");
        Assert.All(spec.Layers.Where(l => l.IsSpiking), l =>
        {
            Assert.Equal(NeuronModel.DualExp, l.Neuron);
            Assert.Equal(1f, l.Threshold);
        });
        Assert.Equal("event-driven", spec.Learning.Rule);
        var ex = Assert.Throws<SpecException>(() => LearnerFactory.Create(spec, new NetworkOptions(), "bptt"));
        Assert.Contains("event-driven", ex.Message, StringComparison.Ordinal);
    }
}
