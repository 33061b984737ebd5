namespace Edge.Host.Runs;

/// <summary>Whether a run learns its taught windows or only predicts.</summary>
public enum RunMode
{
    /// <summary>Predict every window; learn the ones with a label, after predicting them.</summary>
    Learn,

    /// <summary>Predict only: nothing is updated and no learning caches are kept.</summary>
    Infer,
}

/// <summary>The names of <see cref="RunMode"/> in settings and commands.</summary>
public static class RunModes
{
    /// <summary>Parses <c>learn</c> (or its alias <c>train</c>) or <c>infer</c>.</summary>
    /// <returns>False when <paramref name="text"/> names no mode.</returns>
    public static bool TryParse(string? text, out RunMode mode)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case "learn" or "train":
                mode = RunMode.Learn;
                return true;
            case "infer":
                mode = RunMode.Infer;
                return true;
            default:
                mode = RunMode.Learn;
                return false;
        }
    }

    /// <summary>The name of <paramref name="mode"/>: <c>learn</c> or <c>infer</c>.</summary>
    public static string Name(RunMode mode) => mode == RunMode.Infer ? "infer" : "learn";
}
