using Edge.Host.Runs;
using Edge.Host.Teaching;
using Edge.Host.Web.Feed;
using Edge.Host.Web.Serving;

namespace Edge.Host.Web;

/// <summary>
/// The live page of a run (<c>edge run --http</c>): attached to an <see cref="OnlineRun"/>, it
/// serves a page that shows the event frames, predictions, accuracy, spike rates and a spike
/// raster as the run goes, and — when the run's labels are <c>page</c> — teaches it. The learner's
/// thread only copies into buffers allocated here; serving runs on Kestrel's threads and the
/// page's own thread, and a browser that reads too slowly has messages dropped and counted
/// (<c>page_frames_dropped</c> in the metrics).
/// <code>
/// using var run = OnlineRun.Open(new RunOptions
/// {
///     Source = "sim:bar-right@4s,bar-left@4s",
///     Labels = LabelSource.Parse("page"),
///     Extensions = [new LivePage(PageOptions.Parse("127.0.0.1:8080", token: null))],
/// });
/// run.Run();   // open run.Started.Http in a browser
/// </code>
/// </summary>
public sealed class LivePage : IRunExtension
{
    private readonly PageOptions _options;
    private PageClients? _clients;
    private PageServer? _server;
    private PagePublisher? _publisher;

    /// <summary>A page for the run it will be attached to.</summary>
    /// <param name="options">Address, port and token.</param>
    /// <exception cref="UserInputException">An address other than loopback without a token, or a setting out of range.</exception>
    public LivePage(PageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Check();
        _options = options;
    }

    /// <summary>The page provides the <c>page</c> label source: its teach buttons.</summary>
    public LabelSourceKind? Labels => LabelSourceKind.Page;

    /// <summary>The page's URL once attached (the bound port), else null.</summary>
    public string? Url => _server?.Url;

    /// <summary>Bytes the page's own thread has allocated (for cost measurements).</summary>
    public long PublisherAllocatedBytes => _publisher?.AllocatedBytes ?? 0;

    /// <summary>Messages dropped so far for browsers that read too slowly (<c>page_frames_dropped</c>).</summary>
    public long FramesDropped => _clients?.Dropped ?? 0;

    /// <summary>Browsers reading the event stream now.</summary>
    public int Browsers => _clients?.Count ?? 0;

    /// <summary>Starts serving the page for <paramref name="run"/> and puts its URL into the started line.</summary>
    /// <exception cref="UserInputException">The address cannot be bound.</exception>
    public void Attach(OnlineRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (_server is not null)
        {
            throw new InvalidOperationException("a page serves one run");
        }
        var feed = new PageFeed(run, _options.FramesPerSecond);
        _clients = new PageClients(_options.MaxClients, _options.ClientQueue);
        _server = PageServer.Start(_options, run, feed, _clients);
        run.Subscribe(feed);
        run.Metrics.PageFramesDropped(0);
        _publisher = new PagePublisher(run, feed, _clients, _options.FramesPerSecond);
        _publisher.Start();
        var url = _server.Url;
        run.UpdateStarted(s => s with { Http = url });
    }

    /// <summary>Sends the last messages (the run's end), closes the event streams and stops listening.</summary>
    public void Dispose()
    {
        _publisher?.Dispose();
        _clients?.Close();
        _server?.Dispose();
    }
}
