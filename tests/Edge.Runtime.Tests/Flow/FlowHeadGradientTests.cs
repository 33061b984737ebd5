using Edge.Runtime.Learning;
using Edge.Runtime.Learning.Flow;
using Edge.Runtime.Specs;
using static Edge.Runtime.Tests.Rules.RuleTestNetworks;

namespace Edge.Runtime.Tests.Flow;

/// <summary>
/// The flow head's update is the exact gradient of a loss on the last step's flow map, under
/// S-TLLR (its traces decay with the head's γ) and under BPTT (its carry): both against central
/// finite differences of that loss in float64, with the spikes below the head recorded from the run.
/// </summary>
public class FlowHeadGradientTests
{
    private const string Net = """
        { "name": "head", "input_shape": [2, 4, 4], "time_steps": 7, "learn_steps": 1, "prediction": "last",
          "leak": 1, "threshold": 0.6, "standardize": false,
          "optimizer": { "type": "sgd", "lr": 1, "momentum": 0 },
          "layers": [
            { "type": "conv2d", "in_channels": 2, "out_channels": 3, "kernel": 3, "padding": 1 },
            { "type": "readout-flow", "in_channels": 3, "kernel": 3, "decay": 0.9 }
          ] }
        """;

    [Theory]
    [InlineData("stllr")]
    [InlineData("bptt")]
    public void The_head_update_is_the_finite_difference_gradient(string rule)
    {
        var spec = Spec(Net);
        var target = new FlowTarget(4, 4) { HasTruth = true };
        var rng = new Rng(12);
        for (var p = 0; p < 16; p++)
        {
            target.Flow[2 * p] = (float)rng.NextNormal();
            target.Flow[(2 * p) + 1] = (float)rng.NextNormal();
            target.Events[p] = p % 3 == 0 ? 0f : 1f;
        }
        target.UpdateMask();
        var learner = LearnerFactory.Create(spec, new NetworkOptions(Seed: 4), rule, loss: new EndpointErrorLoss(new FlowStllrReferenceTests.FixedSample(target)));
        var network = learner.Network;
        RandomBiases(network, 5);
        var head = network.Layers[1];
        var weight = Param(head, "weight");
        var w0 = new float[weight.Count];
        weight.Export(w0);
        var b0 = (float[])Param(head, "bias").Value.Clone();

        var inputs = Inputs(spec, spec.TimeSteps, 1, 6, density: 0.7);
        var spikes = new List<double[]>();
        var before = Snapshot(network);
        learner.BeginSample([0]);
        for (var t = 0; t < spec.TimeSteps; t++)
        {
            learner.Step(inputs[t], t);
            spikes.Add(Reference.Chw(network.Layers[0].Output, 3, 4, 4));
        }
        learner.EndSample();
        var after = Snapshot(network);
        Assert.Contains(spikes, s => s.Any(v => v != 0));

        double Loss(double[] w, double[] b)
        {
            var u = new double[32];
            foreach (var s in spikes)
            {
                var current = Reference.Conv(s, 3, 4, 4, w, b, 2, 3, 1, 1, out _, out _);
                for (var i = 0; i < 32; i++)
                {
                    u[i] = (0.9 * u[i]) + current[i];
                }
            }
            double loss = 0;
            for (var p = 0; p < 16; p++)
            {
                if (target.Mask[p] != 0f)
                {
                    double dx = u[p] - target.Flow[2 * p], dy = u[16 + p] - target.Flow[(2 * p) + 1];
                    loss += Math.Sqrt((dx * dx) + (dy * dy) + 1e-4);
                }
            }
            return loss / target.MaskedPixels;
        }

        var w = Reference.Doubles(w0);
        var b = Reference.Doubles(b0);
        Near(Differences(w, x => Loss(x, b)), Applied(before["1:weight"], after["1:weight"]), $"{rule} head weight", 1e-4, 1e-3);
        Near(Differences(b, x => Loss(w, x)), Applied(before["1:bias"], after["1:bias"]), $"{rule} head bias", 1e-4, 1e-3);
    }

    private static double[] Differences(double[] at, Func<double[], double> loss)
    {
        const double h = 1e-5;
        var gradient = new double[at.Length];
        for (var i = 0; i < at.Length; i++)
        {
            var x = (double[])at.Clone();
            x[i] = at[i] + h;
            var up = loss(x);
            x[i] = at[i] - h;
            gradient[i] = (up - loss(x)) / (2 * h);
        }
        return gradient;
    }
}
