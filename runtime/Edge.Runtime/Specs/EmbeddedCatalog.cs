using System.Reflection;

namespace Edge.Runtime.Specs;

/// <summary>
/// Named JSON documents embedded in an assembly (built-in networks, accelerator presets) and the
/// rule of the command-line option that picks one: nothing → the default, a built-in name, or a
/// path to a JSON file.
/// </summary>
/// <typeparam name="T">What a document parses into.</typeparam>
public sealed class EmbeddedCatalog<T>
{
    private readonly Assembly _assembly;
    private readonly string _prefix;
    private readonly string _option;
    private readonly string _noun;
    private readonly Func<string, string, T> _parse;
    private readonly Func<string, T> _readFile;

    /// <param name="assembly">The assembly holding the resources.</param>
    /// <param name="prefix">Resource name prefix, e.g. "Edge.Runtime.Networks."; names are what follows it, before ".json".</param>
    /// <param name="defaultName">The document used when none is named.</param>
    /// <param name="option">The option that names one ("--network"), for error messages.</param>
    /// <param name="noun">What a document is ("built-in network"), for error messages.</param>
    /// <param name="parse">Parses a document's text; the second argument is its name.</param>
    /// <param name="readFile">Reads a document from a file path.</param>
    public EmbeddedCatalog(Assembly assembly, string prefix, string defaultName, string option, string noun,
        Func<string, string, T> parse, Func<string, T> readFile)
    {
        _assembly = assembly;
        _prefix = prefix;
        _option = option;
        _noun = noun;
        _parse = parse;
        _readFile = readFile;
        DefaultName = defaultName;
        var names = new List<string>();
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            if (resource.StartsWith(prefix, StringComparison.Ordinal) && resource.EndsWith(".json", StringComparison.Ordinal))
            {
                names.Add(resource[prefix.Length..^".json".Length]);
            }
        }
        names.Sort(StringComparer.Ordinal);
        Names = names;
    }

    /// <summary>The document used when none is named.</summary>
    public string DefaultName { get; }

    /// <summary>Names of the built-in documents, sorted.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>Loads a built-in document by name.</summary>
    /// <exception cref="SpecException">No such name, or the document does not parse.</exception>
    public T Load(string name) => _parse(Text(name), name);

    /// <summary>The JSON text of a built-in document, as embedded (a starting point for a file of one's own).</summary>
    /// <exception cref="SpecException">No such name.</exception>
    public string Text(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        using var stream = _assembly.GetManifestResourceStream(_prefix + name + ".json")
            ?? throw new SpecException(_option, $"no {_noun} named '{name}' (built-in: {string.Join(", ", Names)})");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>Resolves the option's value: null or blank → the default; a built-in name; or a path to a JSON file.</summary>
    /// <exception cref="SpecException">Neither a built-in name nor an existing file, or the document does not parse.</exception>
    public T Resolve(string? nameOrPath)
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
            return _readFile(nameOrPath);
        }
        throw new SpecException(_option, $"'{nameOrPath}' is neither a {_noun} ({string.Join(", ", Names)}) nor an existing file");
    }
}
