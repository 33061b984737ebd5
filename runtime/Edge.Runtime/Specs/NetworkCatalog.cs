using System.Globalization;

namespace Edge.Runtime.Specs;

/// <summary>
/// The built-in networks (JSON specs embedded in the assembly) and the resolution rule of
/// <c>--network</c>: a built-in name, or a path to a JSON spec file.
/// </summary>
/// <remarks>
/// Built-ins are versioned. <c>NAME</c> is the current version; when its defaults change, the
/// previous spec stays built in as <c>NAME@N</c> (N = 1, 2, …), so <c>NAME@N</c> keeps loading what
/// it always loaded and the current version is <c>NAME@(highest N + 1)</c> as well. Published
/// settings are named versions (<c>gesture-vgg@paper</c>). A checkpoint records the network's name
/// and signature; <see cref="VersionFor"/> finds the version a checkpoint of <c>NAME</c> was made with.
/// </remarks>
public static class NetworkCatalog
{
    /// <summary>The network used when none is named: the demo network.</summary>
    public const string DefaultName = "demo";

    private const char VersionMark = '@';

    private static readonly EmbeddedCatalog<NetworkSpec> Catalog = new(typeof(NetworkCatalog).Assembly, "Edge.Runtime.Networks.",
        DefaultName, "--network", "built-in network", SpecReader.Parse, SpecReader.ReadFile);

    /// <summary>Names of the built-in networks, sorted: current versions and kept versions (<c>NAME@N</c>, <c>NAME@paper</c>).</summary>
    public static IReadOnlyList<string> Names => Catalog.Names;

    /// <summary>Loads a built-in network by name (a current version's <c>NAME@N</c> included).</summary>
    /// <exception cref="SpecException">No such built-in network.</exception>
    public static NetworkSpec Load(string name) => Catalog.Load(Canonical(name));

    /// <summary>The JSON spec of a built-in network, as embedded: a template for a spec file of one's own.</summary>
    /// <exception cref="SpecException">No such built-in network.</exception>
    public static string Text(string name) => Catalog.Text(Canonical(name));

    /// <summary>
    /// Resolves <c>--network</c>: null → the demo network; a built-in name; or a path to a spec file.
    /// </summary>
    /// <exception cref="SpecException">Neither a built-in name nor an existing file, or the spec does not parse.</exception>
    public static NetworkSpec Resolve(string? nameOrPath) => Catalog.Resolve(nameOrPath is null ? null : Canonical(nameOrPath));

    /// <summary>The version number of the current built-in <paramref name="name"/>: one more than its highest kept <c>NAME@N</c> (1 when none is kept).</summary>
    public static int CurrentVersion(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var highest = 0;
        foreach (var kept in Names)
        {
            if (NumberedVersion(kept, name) is int n && n > highest)
            {
                highest = n;
            }
        }
        return highest + 1;
    }

    /// <summary>
    /// The built-in a checkpoint belongs to when it is resumed or evaluated with <paramref name="name"/>
    /// (a verb's <c>--network</c>, or its default): when <paramref name="name"/> is a current built-in,
    /// the newest of its versions that <paramref name="fits"/> accepts (the current one first, then
    /// <c>NAME@N</c> from the highest N down) — so a checkpoint made before the defaults changed
    /// resumes with the spec it was made with. Any other name (a kept version, a file) is returned as
    /// it is, as is <paramref name="name"/> when no version fits (restoring then reports the difference).
    /// </summary>
    /// <param name="name">The network asked for.</param>
    /// <param name="fits">True when the checkpoint can be restored into a network of this spec.</param>
    public static string VersionFor(string name, Func<NetworkSpec, bool> fits)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(fits);
        if (name.Contains(VersionMark, StringComparison.Ordinal) || !IsBuiltIn(name))
        {
            return name;
        }
        if (fits(Load(name)))
        {
            return name;
        }
        for (var n = CurrentVersion(name) - 1; n >= 1; n--)
        {
            var kept = Versioned(name, n);
            if (IsBuiltIn(kept) && fits(Load(kept)))
            {
                return kept;
            }
        }
        return name;
    }

    /// <summary>True when <paramref name="name"/> is a built-in network's name as embedded.</summary>
    public static bool IsBuiltIn(string name)
    {
        foreach (var builtIn in Names)
        {
            if (builtIn == name)
            {
                return true;
            }
        }
        return false;
    }

    /// <summary><c>NAME@N</c> of the current version → <c>NAME</c>; any other name unchanged.</summary>
    private static string Canonical(string name)
    {
        var mark = name.LastIndexOf(VersionMark);
        if (mark <= 0 || IsBuiltIn(name))
        {
            return name;
        }
        var family = name[..mark];
        return IsBuiltIn(family) && int.TryParse(name.AsSpan(mark + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            && n == CurrentVersion(family)
            ? family
            : name;
    }

    private static string Versioned(string name, int version) => string.Create(CultureInfo.InvariantCulture, $"{name}{VersionMark}{version}");

    /// <summary>N when <paramref name="kept"/> is <c><paramref name="name"/>@N</c>.</summary>
    private static int? NumberedVersion(string kept, string name) =>
        kept.Length > name.Length + 1 && kept.StartsWith(name, StringComparison.Ordinal) && kept[name.Length] == VersionMark
        && int.TryParse(kept.AsSpan(name.Length + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            ? n
            : null;
}
