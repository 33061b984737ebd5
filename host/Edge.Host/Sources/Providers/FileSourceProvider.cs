using Edge.Drivers.Formats;
using Edge.Sim.Sensor;

namespace Edge.Host.Sources.Providers;

/// <summary><c>file:&lt;path&gt;</c>: an event file in any supported format.</summary>
public sealed class FileSourceProvider : ISourceProvider
{
    /// <inheritdoc />
    public string Scheme => "file";

    /// <inheritdoc />
    public string Usage => "file:<path> — an event file (AEDAT 2/3.1/4, EVT 2/3, DAT, N-MNIST)";

    /// <inheritdoc />
    public IReadOnlyCollection<string> Parameters { get; } = ["format", "lenient"];

    /// <inheritdoc />
    public OpenedSource Open(SourceUri uri, SourceOptions options)
    {
        ArgumentNullException.ThrowIfNull(uri);
        ArgumentNullException.ThrowIfNull(options);
        var reader = EventFile.OpenRead(uri.RequireTarget("a file path"), new EventFileOptions
        {
            Format = EventFormatParameter.Of(uri),
            Lenient = uri.GetBool("lenient") ?? false,
        });
        if (options.RealTime)
        {
            // Paced on a reader thread as a camera would deliver it: a slow learner drops events.
            return OpenedSource.Live(uri, options, new WallClockPacer(reader, originUs: null));
        }
        return new OpenedSource { Uri = uri.Text, Scheme = uri.Scheme, Events = reader };
    }
}
