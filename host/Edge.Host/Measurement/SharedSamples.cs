namespace Edge.Host.Measurement;

/// <summary>
/// The sample recordings of the project's reference material (../shared/data/samples beside the
/// repository, or <c>$EDGE_SHARED/data/samples</c>), for benchmarks that measure on real events.
/// </summary>
internal static class SharedSamples
{
    /// <summary>The path of <paramref name="relative"/> under the samples folder.</summary>
    /// <exception cref="UserInputException">The samples folder is not found.</exception>
    public static string Find(string relative)
    {
        foreach (var root in Roots())
        {
            var candidate = Path.Combine(root, "data", "samples", relative);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        throw new UserInputException(
            $"the sample recording {relative} is not found: it lives in shared/data/samples beside the repository (or set EDGE_SHARED to the shared folder)");
    }

    private static IEnumerable<string> Roots()
    {
        if (Environment.GetEnvironmentVariable("EDGE_SHARED") is { Length: > 0 } shared)
        {
            yield return shared;
        }
        foreach (var start in (string[])[Environment.CurrentDirectory, AppContext.BaseDirectory])
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Edge.sln")))
                {
                    yield return Path.Combine(dir.FullName, "..", "shared");
                    break;
                }
            }
        }
    }
}
