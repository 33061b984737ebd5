namespace Edge.Host.Web.Tests.Support;

/// <summary>A small spec (2×16×16 → conv 8 → pool → LIF 32 → readout) so thousands of steps take seconds.</summary>
internal static class TinyNetwork
{
    public static string WriteSpec(string folder)
    {
        var path = Path.Combine(folder, "tiny.json");
        File.WriteAllText(path, """
        {
          "name": "tiny",
          "input_shape": [2, 16, 16],
          "classes": 2,
          "time_steps": 10,
          "learn_steps": 5,
          "factors": [0.2, 0.75, -1, 1],
          "psi": "triangle-0.3",
          "leak": 0,
          "threshold": 0.6,
          "optimizer": { "type": "adam", "lr": 0.001 },
          "layers": [
            { "type": "conv2d", "in_channels": 2, "out_channels": 8, "kernel": 3, "padding": 1 },
            { "type": "maxpool2d", "kernel": 2 },
            { "type": "flatten" },
            { "type": "linear", "in_features": 512, "out_features": 32 },
            { "type": "readout-linear", "in_features": 32, "out_features": 2 }
          ]
        }
        """);
        return path;
    }
}
