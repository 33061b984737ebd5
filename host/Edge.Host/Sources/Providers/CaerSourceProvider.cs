using Edge.Devices.Cameras.Caer;

namespace Edge.Host.Sources.Providers;

/// <summary><c>caer:&lt;camera&gt;</c>: an iniVation USB camera through libcaer.</summary>
public sealed class CaerSourceProvider : ISourceProvider
{
    /// <inheritdoc />
    public string Scheme => "caer";

    /// <inheritdoc />
    public string Usage => "caer:<dvs128|davis|dvxplorer> — iniVation USB camera through libcaer";

    /// <inheritdoc />
    public IReadOnlyCollection<string> Parameters { get; } = ["serial"];

    /// <inheritdoc />
    public OpenedSource Open(SourceUri uri, SourceOptions options)
    {
        ArgumentNullException.ThrowIfNull(uri);
        var name = uri.RequireTarget(CaerCameras.Names);
        if (!CaerCameras.TryParse(name, out var camera))
        {
            throw new UserInputException($"--source '{uri.Text}': unknown iniVation camera '{name}'; use one of {CaerCameras.Names}");
        }
        var serial = uri.Get("serial");
        return OpenedSource.Live(uri, options, CaerEventSource.Open(camera, serial), () => CaerEventSource.Open(camera, serial));
    }
}
