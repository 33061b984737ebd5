using Edge.Devices.Cameras.Edvs;

namespace Edge.Host.Sources.Providers;

/// <summary><c>edvs-tcp:&lt;host[:port]&gt;</c>: an eDVS behind its WLAN module.</summary>
public sealed class EdvsTcpSourceProvider : ISourceProvider
{
    /// <inheritdoc />
    public string Scheme => "edvs-tcp";

    /// <inheritdoc />
    public string Usage => "edvs-tcp:<host[:port]> — eDVS WLAN module (port 56000)";

    /// <inheritdoc />
    public IReadOnlyCollection<string> Parameters { get; } = ["format", "biases"];

    /// <inheritdoc />
    public OpenedSource Open(SourceUri uri, SourceOptions options)
    {
        ArgumentNullException.ThrowIfNull(uri);
        var (host, port) = uri.HostPort(uri.RequireTarget("host:port"), EdvsOptions.DefaultTcpPort);
        var edvs = EdvsParameters.Of(uri);
        return OpenedSource.Live(uri, options, EdvsEventSource.OpenTcp(host, port, edvs), () => EdvsEventSource.OpenTcp(host, port, edvs));
    }
}
