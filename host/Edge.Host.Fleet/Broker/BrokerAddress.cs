using System.Globalization;

namespace Edge.Host.Fleet.Broker;

/// <summary>Where the broker is: <c>mqtt://HOST:PORT</c> (plain TCP, port 1883 by default) or <c>mqtts://HOST:PORT</c> (TLS, 8883).</summary>
/// <param name="Host">The host name or address.</param>
/// <param name="Port">The TCP port.</param>
/// <param name="Tls">True for <c>mqtts://</c>.</param>
public sealed record BrokerAddress(string Host, int Port, bool Tls)
{
    /// <summary>Parses <paramref name="text"/>.</summary>
    /// <param name="text">The URL.</param>
    /// <param name="option">The option or key that gave it, for the error line.</param>
    /// <exception cref="UserInputException">Not an mqtt:// or mqtts:// URL with a host.</exception>
    public static BrokerAddress Parse(string? text, string option = "--fleet")
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new UserInputException($"{option}: give the broker as mqtt://HOST:PORT or mqtts://HOST:PORT");
        }
        var value = text.Trim();
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme is not ("mqtt" or "mqtts") || uri.Host.Length == 0)
        {
            throw new UserInputException($"{option} '{value}': not mqtt://HOST:PORT or mqtts://HOST:PORT");
        }
        if (uri.UserInfo.Length > 0)
        {
            throw new UserInputException($"{option} '{value}': give the user name with the username setting and the password in EDGE_FLEET_PASSWORD, not in the URL");
        }
        if (uri.AbsolutePath is not ("" or "/") || uri.Query.Length > 0)
        {
            throw new UserInputException($"{option} '{value}': a broker URL has no path or query");
        }
        var tls = uri.Scheme == "mqtts";
        return new BrokerAddress(uri.Host, uri.IsDefaultPort || uri.Port < 0 ? (tls ? 8883 : 1883) : uri.Port, tls);
    }

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{(Tls ? "mqtts" : "mqtt")}://{Host}:{Port}");
}
