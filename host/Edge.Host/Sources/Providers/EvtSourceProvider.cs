using Edge.Devices.Cameras.Prophesee;
using Edge.Runtime.Events;

namespace Edge.Host.Sources.Providers;

/// <summary><c>evt:&lt;pipe|-|tcp://host:port&gt;</c>: a Prophesee EVT 2.0/3.0 raw stream.</summary>
public sealed class EvtSourceProvider : ISourceProvider
{
    /// <inheritdoc />
    public string Scheme => "evt";

    /// <inheritdoc />
    public string Usage => "evt:<pipe|-|tcp://host:port> — Prophesee EVT 2.0/3.0 raw stream";

    /// <inheritdoc />
    public IReadOnlyCollection<string> Parameters { get; } = ["format", "width", "height"];

    /// <inheritdoc />
    public OpenedSource Open(SourceUri uri, SourceOptions options)
    {
        ArgumentNullException.ThrowIfNull(uri);
        var width = uri.GetInt("width", 1, 1 << 16);
        var height = uri.GetInt("height", 1, 1 << 16);
        if ((width is null) != (height is null))
        {
            throw new UserInputException($"--source '{uri.Text}': give both width= and height=");
        }
        var evt = new EvtStreamOptions
        {
            Format = EventFormatParameter.Of(uri),
            Geometry = width is { } w ? new SensorGeometry(w, height!.Value) : null,
        };
        var target = uri.RequireTarget("a pipe path, - for standard input, or tcp://host:port");
        if (target == "-")
        {
            return OpenedSource.Live(uri, options, EvtStreamSource.OpenStandardInput(evt)); // its end is the end of the run
        }
        Func<IEventSource> open;
        if (target.StartsWith("tcp://", StringComparison.OrdinalIgnoreCase))
        {
            var (host, port) = uri.HostPort(target["tcp://".Length..], defaultPort: null);
            open = () => EvtStreamSource.OpenTcp(host, port, evt);
        }
        else
        {
            open = () => EvtStreamSource.OpenPipe(target, evt);
        }
        return OpenedSource.Live(uri, options, open(), open);
    }
}
