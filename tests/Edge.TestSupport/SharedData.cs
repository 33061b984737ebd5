namespace Edge.TestSupport;

/// <summary>
/// Locates the repository root (the folder holding <c>Edge.sln</c>) and the shared test data
/// that CI clones beside it (<c>../shared</c>). Tests never skip when the data is missing:
/// they fail with a message that says what is missing and where it was looked for.
/// </summary>
public static class SharedData
{
    private static readonly Lazy<string> RepoRootLazy = new(FindRepoRoot);

    /// <summary>The folder holding Edge.sln.</summary>
    public static string RepoRoot => RepoRootLazy.Value;

    /// <summary>The shared folder (<c>../shared</c> beside the repository).</summary>
    public static string SharedRoot
    {
        get
        {
            var shared = Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared"));
            if (!Directory.Exists(shared))
            {
                throw new InvalidOperationException(
                    $"Shared test data not found: expected the folder '{shared}' beside the repository " +
                    $"'{RepoRoot}'. Clone or link the shared/ folder next to the repository (CI does this).");
            }
            return shared;
        }
    }

    /// <summary>The golden reference cases folder.</summary>
    public static string GoldenDir => Existing(Path.Combine(SharedRoot, "golden"));

    /// <summary>The sample recordings folder.</summary>
    public static string SamplesDir => Existing(Path.Combine(SharedRoot, "data", "samples"));

    /// <summary>A file or folder under the shared root, which must exist.</summary>
    public static string Resolve(params string[] parts) => Existing(Path.Combine([SharedRoot, .. parts]));

    private static string Existing(string path)
    {
        if (!File.Exists(path) && !Directory.Exists(path))
        {
            throw new InvalidOperationException($"Shared test data missing: '{path}' does not exist.");
        }
        return path;
    }

    private static string FindRepoRoot()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Edge.sln")))
                {
                    return dir.FullName;
                }
            }
        }
        throw new InvalidOperationException(
            $"Could not find Edge.sln walking up from '{AppContext.BaseDirectory}': tests must run from " +
            "inside the repository so that ../shared can be located.");
    }
}
