namespace Edge.Cli.Tests.Reliability;

/// <summary>
/// A network small enough that an <c>edge run</c> child process starts and saves in a fraction of a
/// second (a 29 kB checkpoint), on the demo task's 2×32×32 frames and 8 classes.
/// </summary>
internal static class TinyRunNetwork
{
    public static string Write(string folder)
    {
        var path = Path.Combine(folder, "tiny.json");
        File.WriteAllText(path, """
            {
              "name": "kill-tiny", "input_shape": [2, 32, 32], "classes": 8, "time_steps": 5, "learn_steps": 2,
              "psi": "triangle-0.3", "leak": 0, "threshold": 0.6, "optimizer": { "type": "adam", "lr": 0.001 },
              "layers": [
                { "type": "avgpool2d", "kernel": 4 },
                { "type": "flatten" },
                { "type": "linear", "in_features": 128, "out_features": 16 },
                { "type": "readout-linear", "in_features": 16, "out_features": 8 }
              ]
            }
            """);
        return path;
    }
}
