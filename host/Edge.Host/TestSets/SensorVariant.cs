namespace Edge.Host.TestSets;

/// <summary>
/// Which simulated sensor records a test set. <see cref="Default"/> is the one defaults may be tuned
/// on; <see cref="Alternate"/> (other contrast, blur, thresholds, noise and mismatch; for audio,
/// another cochlea and more noise) is never used for tuning, only to check that what was tuned holds.
/// </summary>
public enum SensorVariant
{
    /// <summary>The sensor defaults are tuned on.</summary>
    Default,

    /// <summary>The held-out sensor: never used for tuning.</summary>
    Alternate,
}

/// <summary>Command-line names of the variants.</summary>
public static class SensorVariantNames
{
    /// <summary>Every name: <c>default</c>, <c>alt</c>.</summary>
    public static IReadOnlyList<string> All { get; } = ["default", "alt"];

    /// <summary>The name of <paramref name="variant"/>.</summary>
    public static string Of(SensorVariant variant) => All[(int)variant];

    /// <summary>Parses a name; false when it is neither.</summary>
    public static bool TryParse(string text, out SensorVariant variant)
    {
        variant = string.Equals(text, "alt", StringComparison.OrdinalIgnoreCase) ? SensorVariant.Alternate : SensorVariant.Default;
        return variant == SensorVariant.Alternate || string.Equals(text, "default", StringComparison.OrdinalIgnoreCase);
    }
}
