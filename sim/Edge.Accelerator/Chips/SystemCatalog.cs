using Edge.Runtime.Specs;

namespace Edge.Accelerator.Chips;

/// <summary>
/// The built-in systems (JSON presets embedded in the assembly) and the rule of <c>--preset</c>:
/// a preset name or a path to a JSON system description.
/// </summary>
public static class SystemCatalog
{
    /// <summary>The preset used when none is named.</summary>
    public const string DefaultName = "loihi1";

    private static readonly EmbeddedCatalog<SystemDescription> Catalog = new(typeof(SystemCatalog).Assembly, "Edge.Accelerator.Presets.",
        DefaultName, "--preset", "preset", (json, name) => SystemReader.Parse(json, name + ".json"), SystemReader.ReadFile);

    /// <summary>Names of the presets, sorted.</summary>
    public static IReadOnlyList<string> Names => Catalog.Names;

    /// <summary>Loads a preset by name.</summary>
    public static SystemDescription Load(string name) => Catalog.Load(name);

    /// <summary>Resolves <c>--preset</c>: null → the default; a preset name; or a path to a JSON file.</summary>
    public static SystemDescription Resolve(string? nameOrPath) => Catalog.Resolve(nameOrPath);
}
