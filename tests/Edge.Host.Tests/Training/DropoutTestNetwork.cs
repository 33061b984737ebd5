namespace Edge.Drivers.Tests.Datasets;

/// <summary>
/// A small network with dropout for the N-MNIST folders of <see cref="DatasetFolders"/>: its random
/// generator must be in a checkpoint for an interrupted epoch to resume exactly.
/// </summary>
internal static class DropoutTestNetwork
{
    /// <summary>Writes the spec to <paramref name="folder"/>/dropout.json and returns its path.</summary>
    public static string Write(string folder)
    {
        var path = Path.Combine(folder, "dropout.json");
        File.WriteAllText(path, """
            {
              "name": "dropout-test", "input_shape": [2, 34, 34], "classes": 10, "time_steps": 8, "learn_steps": 4,
              "psi": "triangle-0.3", "leak": 0, "threshold": 0.6, "optimizer": { "type": "adam", "lr": 0.003 },
              "layers": [
                { "type": "avgpool2d", "kernel": 2 },
                { "type": "flatten" },
                { "type": "linear", "in_features": 578, "out_features": 32 },
                { "type": "dropout", "p": 0.3 },
                { "type": "readout-linear", "in_features": 32, "out_features": 10 }
              ]
            }
            """);
        return path;
    }
}
