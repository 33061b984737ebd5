using System.Diagnostics;
using Edge.Host.Runs;
using Edge.Host.Web.Feed;

namespace Edge.Host.Web.Serving;

/// <summary>
/// The page's own thread: a few times a second it takes what the learner left in the feed (a
/// capture, new predictions, metrics rows, command results), turns it into messages and offers
/// them to every browser; once a second it samples the run's counters for the charts. The learner
/// never waits for it, and it never waits for a browser.
/// </summary>
internal sealed class PagePublisher : IDisposable
{
    private readonly OnlineRun _run;
    private readonly PageFeed _feed;
    private readonly PageClients _clients;
    private readonly PageMessages _messages = new();
    private readonly Thread _thread;
    private readonly ManualResetEventSlim _stop = new();
    private readonly int _tickMs;
    private readonly float[] _scores;
    private long _predictions, _metrics, _commands;
    private bool _stopSent;
    private long _lastSteps, _lastEvents;
    private double _lastSeconds;

    public PagePublisher(OnlineRun run, PageFeed feed, PageClients clients, int framesPerSecond)
    {
        _run = run;
        _feed = feed;
        _clients = clients;
        _tickMs = 1000 / framesPerSecond;
        _scores = new float[run.Classes.Count];
        _thread = new Thread(Loop) { Name = "edge-page", IsBackground = true };
    }

    /// <summary>Bytes allocated by this thread so far (the page's cost, for measurements).</summary>
    public long AllocatedBytes { get; private set; }

    /// <summary>Starts the thread.</summary>
    public void Start() => _thread.Start();

    /// <summary>Stops the thread, after one last round (so a browser sees the run's end).</summary>
    public void Dispose()
    {
        _stop.Set();
        if (_thread.IsAlive)
        {
            _thread.Join();
        }
        _stop.Dispose();
        _messages.Dispose();
    }

    private void Loop()
    {
        var clock = Stopwatch.StartNew();
        var nextStats = 0.0;
        while (!_stop.Wait(_tickMs))
        {
            Publish(clock, ref nextStats);
        }
        Publish(clock, ref nextStats);
    }

    private void Publish(Stopwatch clock, ref double nextStats)
    {
        if (_feed.Capturer.Take() is { } capture)
        {
            var frame = _messages.Frame(capture, _feed);
            _feed.Capturer.Release();
            _clients.Send(frame);
        }
        var written = _feed.Predictions.Written;
        if (written > _predictions)
        {
            _clients.Send(_messages.Predictions(_feed.Predictions, Math.Max(_predictions, written - 64), written, _run.Classes.Count, _scores));
            _predictions = written;
        }
        for (; _metrics < _feed.Metrics.Written; _metrics++)
        {
            if (_feed.Metrics.Get(_metrics) is { } row)
            {
                _clients.Send(PageMessages.Metrics(row));
            }
        }
        for (; _commands < _feed.Commands.Written; _commands++)
        {
            if (_feed.Commands.Get(_commands) is { } result)
            {
                _clients.Send(PageMessages.Command(result));
            }
        }
        var seconds = clock.Elapsed.TotalSeconds;
        if (seconds >= nextStats)
        {
            nextStats = seconds + 1;
            _clients.Send(_messages.Stats(Sample(seconds)));
            _run.Metrics.PageFramesDropped(_clients.Dropped);
        }
        if (!_stopSent && _feed.Stopped is { } summary)
        {
            _stopSent = true;
            _clients.Send(PageMessages.Stopped(summary));
        }
        AllocatedBytes = GC.GetAllocatedBytesForCurrentThread();
    }

    /// <summary>The run's counters now, and the rates since the last sample.</summary>
    private PageStats Sample(double seconds)
    {
        var metrics = _run.Metrics;
        var steps = metrics.Steps;
        var events = metrics.Events;
        var span = Math.Max(1e-6, seconds - _lastSeconds);
        var stats = new PageStats(seconds, metrics.Windows, metrics.Samples, steps, events, metrics.AccuracyTaught, metrics.AccuracyTruth,
            (events - _lastEvents) / span, (steps - _lastSteps) / span, metrics.Dropped, _clients.Dropped, RunModes.Name(_run.Mode),
            _run.TaughtClass is >= 0 and var c && c < _run.Classes.Count ? _run.Classes[c] : null, _run.Learner?.Optimizer.LearningRate ?? 0f);
        (_lastSeconds, _lastSteps, _lastEvents) = (seconds, steps, events);
        return stats;
    }
}
