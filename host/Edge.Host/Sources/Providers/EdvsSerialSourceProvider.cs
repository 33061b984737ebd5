using Edge.Devices.Cameras.Edvs;

namespace Edge.Host.Sources.Providers;

/// <summary><c>edvs:&lt;serial device&gt;</c>: an eDVS4337 or mini-eDVS on a serial port.</summary>
public sealed class EdvsSerialSourceProvider : ISourceProvider
{
    /// <inheritdoc />
    public string Scheme => "edvs";

    /// <inheritdoc />
    public string Usage => "edvs:<serial device> — eDVS4337 / mini-eDVS on a serial port";

    /// <inheritdoc />
    public IReadOnlyCollection<string> Parameters { get; } = ["baud", "format", "biases", "flow"];

    /// <inheritdoc />
    public OpenedSource Open(SourceUri uri, SourceOptions options)
    {
        ArgumentNullException.ThrowIfNull(uri);
        ArgumentNullException.ThrowIfNull(options);
        var edvs = EdvsParameters.Of(uri) with
        {
            BaudRate = uri.GetInt("baud", 300, 100_000_000) ?? new EdvsOptions().BaudRate,
            HardwareFlowControl = uri.Get("flow") switch
            {
                null or "rtscts" => true,
                "none" => false,
                var other => throw uri.Bad("flow", other, "rtscts or none"),
            },
        };
        var device = uri.RequireTarget("a serial device such as /dev/ttyUSB0");
        return OpenedSource.Live(uri, options, EdvsEventSource.OpenSerial(device, edvs), () => EdvsEventSource.OpenSerial(device, edvs));
    }
}
