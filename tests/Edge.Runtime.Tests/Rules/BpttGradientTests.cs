using Edge.Runtime.Layers;
using Edge.Runtime.Learning;
using Edge.Runtime.Specs;
using static Edge.Runtime.Tests.Rules.RuleTestNetworks;

namespace Edge.Runtime.Tests.Rules;

/// <summary>
/// BPTT and BP-STA gradients of one sample against an independent float64 implementation of the
/// official semantics (<see cref="ReferenceBptt"/>). The specs train with SGD, lr 1 and no
/// standardization, so one update moves each weight by exactly −∂loss/∂W_eff.
/// </summary>
public class BpttGradientTests
{
    [Theory]
    [InlineData("bptt", 11UL)]
    [InlineData("bptt", 12UL)]
    [InlineData("bpsta", 13UL)]
    [InlineData("bpsta", 14UL)]
    public void Dense_network_gradients_match_the_float64_reference(string rule, ulong seed)
    {
        var spec = Spec(Dense);
        var learner = LearnerFactory.Create(spec, new NetworkOptions(Seed: seed), rule);
        var network = learner.Network;
        RandomBiases(network, seed + 100);
        var layers = network.Layers;
        var reference = new ReferenceBptt
        {
            Layers = [Hidden(layers[0], Sigmoid: false), Hidden(layers[1], Sigmoid: true)],
            ReadoutW = Matrix(Param(layers[2], "weight")),
            ReadoutB = Vector(Param(layers[2], "bias")),
        };
        var inputs = Inputs(spec, spec.TimeSteps, 1, seed);
        reference.Run([.. inputs.Select(x => x.Select(v => (double)v).ToArray())], label: 1);
        Assert.True(reference.Margin > 1e-4, $"seed {seed}: a membrane sits {reference.Margin} from the threshold");

        var before = Snapshot(network);
        RunSample(learner, inputs, [1]);
        var after = Snapshot(network);
        for (var l = 0; l < 2; l++)
        {
            Near(reference.Layers[l].GradW, Applied(before[$"{l}:weight"], after[$"{l}:weight"]), $"{rule} layer {l} weight");
            Near(reference.Layers[l].GradB, Applied(before[$"{l}:bias"], after[$"{l}:bias"]), $"{rule} layer {l} bias");
        }
        Near(reference.GradReadoutW, Applied(before["2:weight"], after["2:weight"]), "readout weight");
        Near(reference.GradReadoutB, Applied(before["2:bias"], after["2:bias"]), "readout bias");
        Assert.Contains(Applied(before["0:weight"], after["0:weight"]), v => v != 0f);
    }

    [Fact]
    public void Recurrent_layer_and_leaky_readout_backpropagate_through_time_as_the_shd_baseline()
    {
        var spec = Spec(Recurrent);
        var learner = LearnerFactory.Create(spec, new NetworkOptions(Seed: 5), "bptt");
        var network = learner.Network;
        RandomBiases(network, 6);
        var rec = (LifRecurrent)network.Layers[0];
        var readout = network.Layers[1];
        var reference = new ReferenceBptt
        {
            Layers =
            [
                new ReferenceBptt.Hidden
                {
                    W = Matrix(rec.Synapse.Weight), Rec = Matrix(rec.Recurrent.Weight), B = Vector(rec.Bias!),
                    Gamma = rec.Spec.Decay, Theta = rec.Spec.Threshold,
                    Psi = v => 1 / Math.Pow((100 * Math.Abs(v)) + 1, 2),
                },
            ],
            ReadoutW = Matrix(Param(readout, "weight")),
            ReadoutB = Vector(Param(readout, "bias")),
            ReadoutGamma = readout.Spec.Decay,
        };
        var inputs = Inputs(spec, spec.TimeSteps, 1, 7, density: 0.5);
        reference.Run([.. inputs.Select(x => x.Select(v => (double)v).ToArray())], label: 2);
        Assert.True(reference.Margin > 1e-3, $"a membrane sits {reference.Margin} from the threshold");

        var before = Snapshot(network);
        RunSample(learner, inputs, [2]);
        var after = Snapshot(network);
        // fast-sigmoid Ψ is steep (|Ψ'/Ψ| up to 200), so float32 vs float64 differ more in relative terms.
        Near(reference.Layers[0].GradW, Applied(before["0:weight"], after["0:weight"]), "weight", rel: 1e-3);
        Near(reference.Layers[0].GradRec!, Applied(before["0:weight_rec"], after["0:weight_rec"]), "weight_rec", rel: 1e-3);
        Near(reference.Layers[0].GradB, Applied(before["0:bias"], after["0:bias"]), "bias", rel: 1e-3);
        Near(reference.GradReadoutW, Applied(before["1:weight"], after["1:weight"]), "readout weight");
        Assert.Contains(Applied(before["0:weight_rec"], after["0:weight_rec"]), v => v != 0f);
    }

    internal static ReferenceBptt.Hidden Hidden(Layer layer, bool Sigmoid) => new()
    {
        W = Matrix(Param(layer, "weight")),
        B = Vector(Param(layer, "bias")),
        Gamma = layer.Spec.Decay,
        Theta = layer.Spec.Threshold,
        Hard = layer.Spec.Reset == ResetMode.Hard,
        Htglif = layer.Spec.Neuron == NeuronModel.Htglif,
        Psi = Sigmoid
            ? v => 4 * Logistic(4 * v) * (1 - Logistic(4 * v))
            : v => 0.3 * Math.Max(0, 1 - Math.Abs(v)),
    };

    private static double Logistic(double x) => 1 / (1 + Math.Exp(-x));
}
