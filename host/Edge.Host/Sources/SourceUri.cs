using System.Globalization;

namespace Edge.Host.Sources;

/// <summary>
/// A parsed <c>--source</c> value: <c>scheme:target?key=value&amp;key=value</c> (docs/cli-conventions.md).
/// Parameters are kept in order; a parameter the scheme does not take is an error, so a typo never goes unnoticed.
/// </summary>
public sealed class SourceUri
{
    private readonly List<KeyValuePair<string, string>> _parameters;

    private SourceUri(string text, string scheme, string target, List<KeyValuePair<string, string>> parameters)
    {
        Text = text;
        Scheme = scheme;
        Target = target;
        _parameters = parameters;
    }

    /// <summary>The value as the user typed it.</summary>
    public string Text { get; }

    /// <summary>Lower-case scheme without the colon (<c>edvs</c>, <c>file</c> …).</summary>
    public string Scheme { get; }

    /// <summary>What follows the colon, without the parameters (a path, a device, host:port, a name).</summary>
    public string Target { get; }

    /// <summary>Parses <paramref name="text"/>.</summary>
    /// <exception cref="UserInputException">No scheme, or a malformed parameter.</exception>
    public static SourceUri Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || !IsScheme(text.AsSpan(0, colon)))
        {
            throw new UserInputException($"--source '{text}' has no scheme: write sim:, file:<path>, edvs:<serial device>, edvs-tcp:<host:port>, caer:<camera> or evt:<pipe|-|tcp://host:port>");
        }
        var rest = text[(colon + 1)..];
        var parameters = new List<KeyValuePair<string, string>>();
        var query = rest.LastIndexOf('?');
        if (query >= 0)
        {
            foreach (var pair in rest[(query + 1)..].Split('&', StringSplitOptions.RemoveEmptyEntries))
            {
                var eq = pair.IndexOf('=', StringComparison.Ordinal);
                if (eq <= 0 || eq == pair.Length - 1)
                {
                    throw new UserInputException($"--source '{text}': parameter '{pair}' is not key=value");
                }
                parameters.Add(new(pair[..eq].ToLowerInvariant(), pair[(eq + 1)..]));
            }
            rest = rest[..query];
        }
        return new SourceUri(text, text[..colon].ToLowerInvariant(), rest, parameters);
    }

    /// <summary>The value of parameter <paramref name="key"/>, or null.</summary>
    public string? Get(string key)
    {
        string? value = null;
        foreach (var (k, v) in _parameters)
        {
            if (k == key)
            {
                value = v;
            }
        }
        return value;
    }

    /// <summary>An integer parameter, or null when absent.</summary>
    public int? GetInt(string key, int min, int max)
    {
        var text = Get(key);
        if (text is null)
        {
            return null;
        }
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            throw Bad(key, text, $"an integer from {min} to {max}");
        }
        return value;
    }

    /// <summary>A true/false parameter, or null when absent.</summary>
    public bool? GetBool(string key)
    {
        var text = Get(key);
        return text switch
        {
            null => null,
            "true" or "1" or "yes" => true,
            "false" or "0" or "no" => false,
            _ => throw Bad(key, text, "true or false"),
        };
    }

    /// <summary>The error for a parameter value that does not fit.</summary>
    public UserInputException Bad(string key, string value, string expected) =>
        new($"--source '{Text}': {key}={value} is not valid; expected {expected}");

    /// <summary>The target, which must not be empty; <paramref name="what"/> says what it should be.</summary>
    /// <exception cref="UserInputException">Nothing follows the scheme.</exception>
    public string RequireTarget(string what) =>
        Target.Length > 0 ? Target : throw new UserInputException($"--source '{Text}': say which after '{Scheme}:' ({what})");

    /// <summary>
    /// Splits <paramref name="text"/> (<c>host:port</c>, <c>[v6]:port</c>, or a bare host when
    /// <paramref name="defaultPort"/> is given) into host and port.
    /// </summary>
    /// <exception cref="UserInputException">Not host:port, or a port outside 1–65535.</exception>
    public (string Host, int Port) HostPort(string text, int? defaultPort)
    {
        ArgumentNullException.ThrowIfNull(text);
        var colon = text.LastIndexOf(':');
        if (colon < 0)
        {
            return defaultPort is { } port && text.Length > 0
                ? (text, port)
                : throw new UserInputException($"--source '{Text}': '{text}' is not host:port");
        }
        if (colon == 0 || !int.TryParse(text.AsSpan(colon + 1), NumberStyles.Integer, CultureInfo.InvariantCulture, out var p) || p is <= 0 or > 65535)
        {
            throw new UserInputException($"--source '{Text}': '{text}' is not host:port");
        }
        return (text[..colon].Trim('[', ']'), p);
    }

    /// <summary>Throws when a parameter was given that the scheme does not take.</summary>
    public void RejectUnknown(IReadOnlyCollection<string> accepted)
    {
        foreach (var (key, _) in _parameters)
        {
            if (!accepted.Contains(key))
            {
                throw new UserInputException(
                    $"--source '{Text}': unknown parameter '{key}' for {Scheme}: ({(accepted.Count == 0 ? "it takes none" : "accepted: " + string.Join(", ", accepted))})");
            }
        }
    }

    private static bool IsScheme(ReadOnlySpan<char> scheme)
    {
        foreach (var c in scheme)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '-')
            {
                return false;
            }
        }
        return char.IsAsciiLetter(scheme[0]);
    }
}
