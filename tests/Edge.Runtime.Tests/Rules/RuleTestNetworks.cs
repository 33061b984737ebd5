using Edge.Runtime.Layers;
using Edge.Runtime.Learning;
using Edge.Runtime.Specs;

namespace Edge.Runtime.Tests.Rules;

/// <summary>Small specs, inputs and parameter plumbing shared by the rule tests.</summary>
internal static class RuleTestNetworks
{
    /// <summary>Two dense LIF layers (soft, then hard reset) and a linear readout; SGD with lr 1, so an update is −gradient.</summary>
    public const string Dense = """
        {
          "name": "dense", "input_shape": [6], "classes": 3, "time_steps": 8, "learn_steps": 8,
          "leak": 0, "threshold": 0.6, "standardize": false, "psi": "triangle-0.3",
          "optimizer": { "type": "sgd", "lr": 1, "momentum": 0 },
          "layers": [
            { "type": "linear", "in_features": 6, "out_features": 5 },
            { "type": "linear", "in_features": 5, "out_features": 4, "reset": "hard", "psi": "sigmoid-4" },
            { "type": "readout-linear", "in_features": 4, "out_features": 3 }
          ]
        }
        """;

    /// <summary>The SHD shape in small: a recurrent LIF layer and a leaky readout.</summary>
    public const string Recurrent = """
        {
          "name": "rec", "input_shape": [7], "classes": 3, "time_steps": 9, "learn_steps": 9,
          "leak": 2, "threshold": 0.6, "standardize": false, "psi": "fast-sigmoid-100", "factors": [0.5, 1, 1, 1],
          "optimizer": { "type": "sgd", "lr": 1, "momentum": 0 },
          "layers": [
            { "type": "linear-rec", "in_features": 7, "out_features": 6 },
            { "type": "readout-leaky", "in_features": 6, "out_features": 3, "leak": 1 }
          ]
        }
        """;

    /// <summary>A small convnet with max pooling and weight standardization, like the demo network.</summary>
    public const string Conv = """
        {
          "name": "small", "input_shape": [2, 8, 8], "classes": 3, "time_steps": 6, "learn_steps": 3,
          "factors": [0.2, 0.75, -1, 1], "leak": 0, "threshold": 0.6,
          "layers": [
            { "type": "conv2d", "in_channels": 2, "out_channels": 4, "kernel": 3, "padding": 1 },
            { "type": "maxpool2d", "kernel": 2 },
            { "type": "conv2d", "in_channels": 4, "out_channels": 6, "kernel": 3, "padding": 1 },
            { "type": "avgpool2d", "kernel": 2 },
            { "type": "flatten" },
            { "type": "linear", "in_features": 24, "out_features": 12, "psi": "sigmoid-4" },
            { "type": "readout-linear", "in_features": 12, "out_features": 3 }
          ]
        }
        """;

    public static NetworkSpec Spec(string json) => SpecReader.Parse(json, "test");

    /// <summary>Non-negative real inputs (event counts) per step, batch-major.</summary>
    public static float[][] Inputs(NetworkSpec spec, int steps, int batch, ulong seed, double density = 0.6)
    {
        var rng = new Rng(seed);
        var inputs = new float[steps][];
        for (var t = 0; t < steps; t++)
        {
            inputs[t] = new float[batch * spec.InputSize];
            for (var i = 0; i < inputs[t].Length; i++)
            {
                inputs[t][i] = rng.NextDouble() < density ? (float)(0.25 + (1.5 * rng.NextDouble())) : 0f;
            }
        }
        return inputs;
    }

    /// <summary>Runs one sample (begin, T steps, end).</summary>
    public static void RunSample(ILearner learner, float[][] inputs, int[] labels)
    {
        learner.BeginSample(labels);
        for (var t = 0; t < inputs.Length; t++)
        {
            learner.Step(inputs[t], t);
        }
        learner.EndSample();
    }

    /// <summary>Gives every bias a small random value (biases start at 0).</summary>
    public static void RandomBiases(Network network, ulong seed)
    {
        var rng = new Rng(seed);
        foreach (var (_, p) in network.Parameters())
        {
            if (p.Name == "bias")
            {
                for (var i = 0; i < p.Value.Length; i++)
                {
                    p.Value[i] = (float)(0.2 * rng.NextNormal());
                }
            }
        }
        network.RefreshWeights();
    }

    /// <summary>A parameter's values in PyTorch order as a [out, in] matrix.</summary>
    public static double[,] Matrix(Parameter p)
    {
        var values = new float[p.Count];
        p.Export(values);
        var rows = p.Shape[0];
        var cols = p.Count / rows;
        var m = new double[rows, cols];
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < cols; c++)
            {
                m[r, c] = values[(r * cols) + c];
            }
        }
        return m;
    }

    public static double[] Vector(Parameter p) => [.. p.Value.Select(v => (double)v)];

    public static Parameter Param(Layer layer, string name) => layer.Parameters.First(p => p.Name == name);

    /// <summary>Every parameter value in PyTorch order, by (layer, name).</summary>
    public static Dictionary<string, float[]> Snapshot(Network network)
    {
        var result = new Dictionary<string, float[]>();
        foreach (var (index, p) in network.Parameters())
        {
            var values = new float[p.Count];
            p.Export(values);
            result[$"{index}:{p.Name}"] = values;
        }
        return result;
    }

    /// <summary>
    /// Asserts |actual − expected| ≤ absOfMax·max|expected| + rel·|expected| element-wise: the
    /// absolute term scales with the tensor, so small entries of a tensor with large ones are not
    /// excused by a fixed floor, and a tensor of small gradients is checked at its own scale.
    /// </summary>
    public static void Near(double[,] expected, ReadOnlySpan<float> actual, string what, double absOfMax = 1e-4, double rel = 2e-4)
    {
        var flat = new double[expected.Length];
        var cols = expected.GetLength(1);
        for (var i = 0; i < flat.Length; i++)
        {
            flat[i] = expected[i / cols, i % cols];
        }
        Near(flat, actual, what, absOfMax, rel);
    }

    public static void Near(double[] expected, ReadOnlySpan<float> actual, string what, double absOfMax = 1e-4, double rel = 2e-4)
    {
        Assert.Equal(expected.Length, actual.Length);
        var max = 0.0;
        foreach (var e in expected)
        {
            max = Math.Max(max, Math.Abs(e));
        }
        var abs = absOfMax * max;
        for (var i = 0; i < actual.Length; i++)
        {
            Assert.True(Math.Abs(actual[i] - expected[i]) <= abs + (rel * Math.Abs(expected[i])),
                $"{what}[{i}]: expected {expected[i]}, got {actual[i]} (tolerance {abs:g3} + {rel:g3}·|e|, max|e| {max:g6})");
        }
    }

    /// <summary>The gradient an SGD step with lr 1 applied: before − after.</summary>
    public static float[] Applied(float[] before, float[] after) => [.. before.Zip(after, (b, a) => b - a)];
}
