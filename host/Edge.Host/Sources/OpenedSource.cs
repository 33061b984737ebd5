using Edge.Runtime.Events;

namespace Edge.Host.Sources;

/// <summary>
/// A source opened from a <c>--source</c> URI, ready for any verb: <see cref="Events"/> is always
/// there (live cameras behind a bounded ring, so a slow consumer drops and counts instead of
/// stalling the camera); <see cref="Labelled"/> is set when the source knows its classes
/// (simulated tasks), for verbs that learn from labels.
/// </summary>
public sealed class OpenedSource : IDisposable
{
    /// <summary>The URI as given.</summary>
    public required string Uri { get; init; }

    /// <summary>The scheme that opened it (sim, file, edvs …).</summary>
    public required string Scheme { get; init; }

    /// <summary>The event stream (for a labelled source: all segments one after the other).</summary>
    public required IEventSource Events { get; init; }

    /// <summary>The same stream cut into labelled segments, when the source has labels.</summary>
    public ILabelledEventSource? Labelled { get; init; }

    /// <summary>
    /// What the source knows of the true class over time (a simulated camera shown known scenes in
    /// turn), or null. Its class names are the classes a run on this source learns.
    /// </summary>
    public IClassTimeline? Truth { get; init; }

    /// <summary>True for a camera: events arrive in real time and can be dropped when the reader lags.</summary>
    public bool IsLive { get; init; }

    /// <summary>The pixel array, when known.</summary>
    public SensorGeometry? Geometry => Events.Geometry ?? Labelled?.Geometry;

    /// <summary>Counters: dropped events (ring overrun), skipped words and bytes, wraps.</summary>
    public StreamHealth Health => Events is IEventSourceHealth health ? health.Health : default;

    /// <summary>
    /// Makes a <see cref="IEventSource.Read"/> that waits for a silent camera return 0 soon (for
    /// --duration and Ctrl-C); safe to call from any thread.
    /// </summary>
    public void Interrupt()
    {
        if (Events is BackgroundEventSource live)
        {
            live.Ring.Complete();
        }
    }

    /// <summary>
    /// A live camera: its events arrive on a background thread into a bounded ring of
    /// <see cref="SourceOptions.RingCapacity"/> events, so a slow learner drops and counts
    /// events instead of stalling the camera.
    /// </summary>
    public static OpenedSource Live(SourceUri uri, SourceOptions options, IEventSource camera) => Live(uri, options, camera, reopen: null);

    /// <summary>
    /// A live camera behind a bounded ring, as <see cref="Live(SourceUri, SourceOptions, IEventSource)"/>,
    /// that is opened again with <paramref name="reopen"/> when it is lost, if
    /// <see cref="SourceOptions.Reopen"/> asks for it (learning state is untouched: the run just sees a pause).
    /// </summary>
    public static OpenedSource Live(SourceUri uri, SourceOptions options, IEventSource camera, Func<IEventSource>? reopen)
    {
        ArgumentNullException.ThrowIfNull(uri);
        ArgumentNullException.ThrowIfNull(options);
        var report = options.Report is { } r ? (Action<string>)(line => r($"{uri.Text}: {line}")) : null;
        return new OpenedSource
        {
            Uri = uri.Text,
            Scheme = uri.Scheme,
            Events = new BackgroundEventSource(camera, options.Reopen is null ? null : reopen, options.RingCapacity, policy: options.Reopen, report: report),
            IsLive = true,
        };
    }

    /// <inheritdoc />
    public void Dispose() => Events.Dispose();
}
