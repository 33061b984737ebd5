namespace Edge.Runtime.Specs;

/// <summary>
/// The built-in networks (JSON specs embedded in the assembly) and the resolution rule of
/// <c>--network</c>: a built-in name, or a path to a JSON spec file.
/// </summary>
public static class NetworkCatalog
{
    /// <summary>The network used when none is named: the demo network.</summary>
    public const string DefaultName = "demo";

    private static readonly EmbeddedCatalog<NetworkSpec> Catalog = new(typeof(NetworkCatalog).Assembly, "Edge.Runtime.Networks.",
        DefaultName, "--network", "built-in network", SpecReader.Parse, SpecReader.ReadFile);

    /// <summary>Names of the built-in networks, sorted.</summary>
    public static IReadOnlyList<string> Names => Catalog.Names;

    /// <summary>Loads a built-in network by name.</summary>
    public static NetworkSpec Load(string name) => Catalog.Load(name);

    /// <summary>The JSON spec of a built-in network, as embedded: a template for a spec file of one's own.</summary>
    public static string Text(string name) => Catalog.Text(name);

    /// <summary>
    /// Resolves <c>--network</c>: null → the demo network; a built-in name; or a path to a spec file.
    /// </summary>
    public static NetworkSpec Resolve(string? nameOrPath) => Catalog.Resolve(nameOrPath);
}
