
namespace Edge.Runtime.Specs;

/// <summary>
/// The built-in networks (JSON specs embedded in the assembly) and the resolution rule of
/// <c>--network</c>: a built-in name, or a path to a JSON spec file.
/// </summary>
public static class NetworkCatalog
{
    private const string Prefix = "Edge.Runtime.Networks.";

    /// <summary>The network used when none is named: the demo network.</summary>
    public const string DefaultName = "demo";

    /// <summary>Names of the built-in networks, sorted.</summary>
    public static IReadOnlyList<string> Names { get; } = LoadNames();

    /// <summary>Loads a built-in network by name.</summary>
    public static NetworkSpec Load(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        using var stream = typeof(NetworkCatalog).Assembly.GetManifestResourceStream(Prefix + name + ".json")
            ?? throw new SpecException("$", $"no built-in network named '{name}' (built-in: {string.Join(", ", Names)})");
        using var reader = new StreamReader(stream);
        return SpecReader.Parse(reader.ReadToEnd(), name);
    }

    /// <summary>
    /// Resolves <c>--network</c>: null → the demo network; a built-in name; or a path to a spec file.
    /// </summary>
    public static NetworkSpec Resolve(string? nameOrPath)
    {
        if (string.IsNullOrWhiteSpace(nameOrPath))
        {
            return Load(DefaultName);
        }
        foreach (var n in Names)
        {
            if (n == nameOrPath)
            {
                return Load(n);
            }
        }
        if (File.Exists(nameOrPath))
        {
            return SpecReader.ReadFile(nameOrPath);
        }
        throw new SpecException("--network", $"'{nameOrPath}' is neither a built-in network ({string.Join(", ", Names)}) nor an existing spec file");
    }

    private static string[] LoadNames()
    {
        var names = new List<string>();
        foreach (var resource in typeof(NetworkCatalog).Assembly.GetManifestResourceNames())
        {
            if (resource.StartsWith(Prefix, StringComparison.Ordinal) && resource.EndsWith(".json", StringComparison.Ordinal))
            {
                names.Add(resource[Prefix.Length..^".json".Length]);
            }
        }
        names.Sort(StringComparer.Ordinal);
        return [.. names];
    }
}
