using Edge.Runtime;
using Edge.Runtime.Layers;
using Edge.Runtime.Specs;

namespace Edge.Accelerator.Tests.Support;

/// <summary>
/// A network small enough to follow by hand: 2 inputs → 2 LIF neurons (decay ½, θ 0.6, no bias, no
/// standardization) → a readout of 2 classes, with chosen weights.
/// </summary>
internal static class TinyNetwork
{
    public const string Json = """
        {
          "name": "tiny", "input_shape": [2], "classes": 2, "time_steps": 2, "learn_steps": 1,
          "standardize": false, "threshold": 0.6, "psi": "triangle-0.3",
          "layers": [
            { "type": "linear", "in_features": 2, "out_features": 2, "bias": false, "decay": 0.5 },
            { "type": "readout-linear", "in_features": 2, "out_features": 2, "bias": false }
          ]
        }
        """;

    /// <summary>Hidden weights, rows = inputs: in0 → (0.5, 0.25), in1 → (0.25, −0.5).</summary>
    public static readonly float[] Hidden = [0.5f, 0.25f, 0.25f, -0.5f];

    /// <summary>Readout weights, rows = hidden neurons: h0 → (1, −0.5), h1 → (0.5, 0.25).</summary>
    public static readonly float[] Readout = [1f, -0.5f, 0.5f, 0.25f];

    public static NetworkSpec Spec => SpecReader.Parse(Json, "tiny");

    /// <summary>A CPU network of the tiny spec with the chosen weights.</summary>
    public static Network Build(bool learning = false)
    {
        var network = Network.Build(Spec, new NetworkOptions(1, Learning: learning, Seed: 1));
        Hidden.CopyTo(((LifLinear)network.Layers[0]).Synapse.Weight.Value, 0);
        Readout.CopyTo(((ReadoutLinear)network.Layers[1]).Weights.Weight.Value, 0);
        network.RefreshWeights();
        return network;
    }
}
