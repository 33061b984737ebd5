using System.Globalization;
using System.Net;

namespace Edge.Host.Web;

/// <summary>
/// Where the live page listens and who may read it: <c>[ADDR:]PORT</c> (default address
/// 127.0.0.1; port 0 lets the system pick one) and an optional token. With a token set, every data
/// request needs it (<c>Authorization: Bearer TOKEN</c>, or <c>?token=TOKEN</c> on the event
/// stream); an address other than loopback is refused without one.
/// </summary>
public sealed record PageOptions
{
    /// <summary>The address to bind.</summary>
    public IPAddress Address { get; init; } = IPAddress.Loopback;

    /// <summary>The TCP port; 0 lets the system pick a free one (the started line says which).</summary>
    public int Port { get; init; }

    /// <summary>The token a client must show, or null for none (loopback only).</summary>
    public string? Token { get; init; }

    /// <summary>Event frames per second sent to the page.</summary>
    public int FramesPerSecond { get; init; } = 5;

    /// <summary>Messages waiting for one browser before further ones are dropped (and counted).</summary>
    public int ClientQueue { get; init; } = 32;

    /// <summary>Browsers served at once; more are refused (503).</summary>
    public int MaxClients { get; init; } = 8;

    /// <summary>True when only this machine can reach the address.</summary>
    public bool IsLoopback => IPAddress.IsLoopback(Address);

    /// <summary>
    /// Parses <c>[ADDR:]PORT</c> (<c>8080</c>, <c>127.0.0.1:0</c>, <c>0.0.0.0:8080</c>,
    /// <c>[::1]:8080</c>, <c>localhost:8080</c>) and checks it with <paramref name="token"/>.
    /// </summary>
    /// <param name="text">The setting.</param>
    /// <param name="token">The token (http_token or EDGE_HTTP_TOKEN), or null.</param>
    /// <exception cref="UserInputException">Not [ADDR:]PORT, a port outside 0–65535, or an address other than loopback without a token.</exception>
    public static PageOptions Parse(string text, string? token)
    {
        ArgumentNullException.ThrowIfNull(text);
        var value = text.Trim();
        var colon = value.LastIndexOf(':');
        var host = colon < 0 ? "" : value[..colon];
        var portText = colon < 0 ? value : value[(colon + 1)..];
        if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > 65535)
        {
            throw new UserInputException($"--http '{text}': give [ADDR:]PORT with a port from 0 to 65535 (0: the system picks one), e.g. 127.0.0.1:8080");
        }
        var address = IPAddress.Loopback;
        if (host.Length > 0)
        {
            if (host.StartsWith('[') && host.EndsWith(']'))
            {
                host = host[1..^1];
            }
            if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase))
            {
                address = IPAddress.Loopback;
            }
            else if (!IPAddress.TryParse(host, out address!))
            {
                throw new UserInputException($"--http '{text}': '{host}' is not an IP address (write 127.0.0.1, 0.0.0.0, [::1] or localhost)");
            }
        }
        var options = new PageOptions { Address = address, Port = port, Token = string.IsNullOrEmpty(token) ? null : token };
        options.Check();
        return options;
    }

    /// <summary>Refuses a page reachable from other machines without a token.</summary>
    /// <exception cref="UserInputException">The address is not loopback and there is no token, or a setting is out of range.</exception>
    public void Check()
    {
        if (!IsLoopback && Token is null)
        {
            throw new UserInputException(
                $"--http {Url}: a page on an address other than loopback needs a token: set http_token in the configuration or EDGE_HTTP_TOKEN (the token travels in clear over plain HTTP: prefer 127.0.0.1 and an SSH tunnel)");
        }
        if (Port is < 0 or > 65535 || FramesPerSecond is < 1 or > 30 || ClientQueue < 1 || MaxClients < 1)
        {
            throw new UserInputException(string.Create(CultureInfo.InvariantCulture,
                $"page: port {Port} (0–65535), frames per second {FramesPerSecond} (1–30), client queue {ClientQueue} and clients {MaxClients} (at least 1)"));
        }
    }

    /// <summary>The page's URL for this address and <paramref name="port"/> (the bound one).</summary>
    public string UrlFor(int port)
    {
        var host = Address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{Address}]" : Address.ToString();
        return string.Create(CultureInfo.InvariantCulture, $"http://{host}:{port}/");
    }

    /// <summary>The URL as configured (port 0 until bound).</summary>
    public string Url => UrlFor(Port);
}
