using Edge.Runtime.Specs;

namespace Edge.Accelerator.Chips;

/// <summary>
/// The built-in systems (JSON presets embedded in the assembly) and the rule of <c>--preset</c>:
/// a preset name or a path to a JSON system description.
/// </summary>
public static class SystemCatalog
{
    private const string Prefix = "Edge.Accelerator.Presets.";

    /// <summary>The preset used when none is named.</summary>
    public const string DefaultName = "loihi1";

    /// <summary>Names of the presets, sorted.</summary>
    public static IReadOnlyList<string> Names { get; } = LoadNames();

    /// <summary>Loads a preset by name.</summary>
    public static SystemDescription Load(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        using var stream = typeof(SystemCatalog).Assembly.GetManifestResourceStream(Prefix + name + ".json")
            ?? throw new SpecException("--preset", $"no preset named '{name}' (presets: {string.Join(", ", Names)})");
        using var reader = new StreamReader(stream);
        return SystemReader.Parse(reader.ReadToEnd(), name + ".json");
    }

    /// <summary>Resolves <c>--preset</c>: null → the default; a preset name; or a path to a JSON file.</summary>
    public static SystemDescription Resolve(string? nameOrPath)
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
            return SystemReader.ReadFile(nameOrPath);
        }
        throw new SpecException("--preset", $"'{nameOrPath}' is neither a preset ({string.Join(", ", Names)}) nor an existing system file");
    }

    private static string[] LoadNames()
    {
        var names = new List<string>();
        foreach (var resource in typeof(SystemCatalog).Assembly.GetManifestResourceNames())
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
