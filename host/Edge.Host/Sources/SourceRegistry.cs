using Edge.Host.Sources.Providers;

namespace Edge.Host.Sources;

/// <summary>
/// Opens a source URI (<c>scheme:target?key=value</c>) with the provider of its scheme, so every
/// verb and every embedding application accepts the same sources. An unknown scheme or parameter
/// is a <see cref="UserInputException"/>; an absent camera a <see cref="Edge.Runtime.DeviceUnavailableException"/>.
/// </summary>
public sealed class SourceRegistry
{
    private readonly List<ISourceProvider> _providers = [];

    /// <summary>The built-in sources: the simulated sensor, event files and the supported cameras.</summary>
    public static SourceRegistry Default { get; } = new SourceRegistry()
        .Add(new SimSourceProvider())
        .Add(new FileSourceProvider())
        .Add(new EdvsSerialSourceProvider())
        .Add(new EdvsTcpSourceProvider())
        .Add(new CaerSourceProvider())
        .Add(new EvtSourceProvider());

    /// <summary>The providers, in the order they were added.</summary>
    public IReadOnlyList<ISourceProvider> Providers => _providers;

    /// <summary>One line per scheme, for help texts.</summary>
    public string Usage
    {
        get
        {
            var lines = new string[_providers.Count];
            for (var i = 0; i < lines.Length; i++)
            {
                lines[i] = _providers[i].Usage;
            }
            return string.Join("; ", lines);
        }
    }

    /// <summary>Adds <paramref name="provider"/>; returns this registry.</summary>
    /// <exception cref="ArgumentException">Its scheme is already registered.</exception>
    public SourceRegistry Add(ISourceProvider provider)
    {
        ArgumentNullException.ThrowIfNull(provider);
        if (Find(provider.Scheme) is not null)
        {
            throw new ArgumentException($"a provider of '{provider.Scheme}:' is already registered", nameof(provider));
        }
        _providers.Add(provider);
        return this;
    }

    /// <summary>The provider of <paramref name="scheme"/>, or null.</summary>
    public ISourceProvider? Find(string scheme)
    {
        foreach (var provider in _providers)
        {
            if (string.Equals(provider.Scheme, scheme, StringComparison.OrdinalIgnoreCase))
            {
                return provider;
            }
        }
        return null;
    }

    /// <summary>Opens <paramref name="uri"/>.</summary>
    /// <exception cref="UserInputException">No scheme, an unknown scheme or parameter, or a bad value.</exception>
    /// <exception cref="Edge.Runtime.DeviceUnavailableException">A camera or its native library is absent.</exception>
    public OpenedSource Open(string uri, SourceOptions? options = null)
    {
        var parsed = SourceUri.Parse(uri);
        var provider = Find(parsed.Scheme) ?? throw new UserInputException(
            $"unknown source scheme '{parsed.Scheme}:' in '{uri}'; use one of: {Schemes()}");
        parsed.RejectUnknown(provider.Parameters);
        return provider.Open(parsed, options ?? new SourceOptions());
    }

    private string Schemes()
    {
        var names = new string[_providers.Count];
        for (var i = 0; i < names.Length; i++)
        {
            names[i] = _providers[i].Scheme + ":";
        }
        return string.Join(", ", names);
    }
}
