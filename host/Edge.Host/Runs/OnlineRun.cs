using System.Diagnostics;
using Edge.Devices.Board;
using Edge.Host.Sources;
using Edge.Host.Teaching;
using Edge.Host.Windows;
using Edge.Runtime;
using Edge.Runtime.Checkpoints;
using Edge.Runtime.Events;
using Edge.Runtime.Learning;
using Edge.Runtime.Learning.Stllr;
using Edge.Runtime.Online;
using Edge.Runtime.Specs;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Edge.Host.Runs;

/// <summary>
/// Learning online for as long as asked — the job of <c>edge run</c>, for any application: a source
/// is cut into windows (its labelled segments, a labels file's, or fixed or rate-triggered windows
/// that a teacher labels as they pass), each window is binned into T frames and predicted, and
/// learned after it was predicted when it has a label and the run is in learn mode. Observers
/// receive the predictions, metrics and command results; the learned state is checkpointed
/// periodically and at the end and resumed from on the next start.
/// <code>
/// using var run = OnlineRun.Open(new RunOptions { Source = "sim:", Checkpoint = "state" });
/// run.Subscribe(myObserver);
/// var summary = run.Run();            // until the source ends, Duration, or Stop()
/// </code>
/// <see cref="Run"/> runs on the calling thread (<see cref="RunAsync"/> on a thread of its own);
/// <see cref="Stop"/> and <see cref="Post"/> may be called from any thread. Nothing in a window's
/// step allocates.
/// </summary>
public sealed partial class OnlineRun : IDisposable, IStepProbe
{
    private readonly RunOptions _options;
    private readonly ILogger _log;
    private readonly List<IRunObserver> _observers = [];
    private readonly List<IStepProbe> _probes = [];
    private readonly List<Func<RunMetricsRow, RunMetricsRow>> _metricsExtensions = [];
    private readonly System.Collections.Concurrent.ConcurrentQueue<Action> _work = new();
    private volatile bool _finished;
    private bool _disposed;
    private readonly CommandInbox _inbox = new();
    private readonly Teacher _teacher;
    private readonly CheckpointStore? _store;
    private readonly CheckpointInfo? _resumed;
    private readonly Network _network;
    private readonly StllrLearner? _learner;
    private readonly SensorGeometry _geometry;
    private readonly EventBinner _binner;
    private readonly string _start;
    private readonly int[] _truthMap = new int[256];
    private BoardIo? _board;
    private SocketCommands? _socket;
    private OpenedSource _opened;
    private TimedSegments _windows;
    private PrequentialLoop _loop;
    private IClassTimeline? _truth;
    private int _pass;
    private RunMode _mode;
    private volatile string? _stopReason;
    private volatile bool _interrupted;
    private int _saves;
    private bool _ran;

    /// <summary>Opens the source, builds (or restores) the network and opens the board and the teach inputs.</summary>
    /// <param name="options">What to run.</param>
    /// <param name="logger">Where the run logs what it does (saves, reopened sources); null for nowhere.</param>
    /// <exception cref="UserInputException">A setting, the source URI, the labels or the classes are not usable.</exception>
    /// <exception cref="SpecException">The network spec is invalid or does not take event frames.</exception>
    /// <exception cref="CheckpointException">The checkpoint is damaged or belongs to another network.</exception>
    /// <exception cref="DeviceUnavailableException">A camera, the GPIO chip or the I2C bus is absent.</exception>
    public static OnlineRun Open(RunOptions options, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new OnlineRun(options, logger ?? NullLogger.Instance);
    }

    /// <summary>What the run is: source, network, classes, mode, labels (also sent to observers when it starts).</summary>
    public RunStarted Started { get; private set; }

    /// <summary>The classes, in output order.</summary>
    public IReadOnlyList<string> Classes { get; }

    /// <summary>The network spec.</summary>
    public NetworkSpec Spec { get; }

    /// <summary>The network (its memory and layers, for pages that show spikes).</summary>
    public Network Network => _network;

    /// <summary>The learner, or null for a run started in inference mode.</summary>
    public ILearner? Learner => _learner;

    /// <summary>Where this run's labels come from.</summary>
    public LabelSource Labels { get; }

    /// <summary>The current mode.</summary>
    public RunMode Mode => _mode;

    /// <summary>The class being taught now (−1: none).</summary>
    public int TaughtClass => _teacher.Current;

    /// <summary>The counters of the run.</summary>
    public RunMetrics Metrics { get; private set; }

    /// <summary>True once a stop was asked for.</summary>
    public bool IsStopping => _stopReason is not null;

    /// <summary>
    /// Adds an observer (before <see cref="Run"/>). An observer that is also an
    /// <see cref="IStepProbe"/> sees every network step too.
    /// </summary>
    /// <exception cref="InvalidOperationException">The run has already started.</exception>
    public void Subscribe(IRunObserver observer)
    {
        ArgumentNullException.ThrowIfNull(observer);
        if (_ran)
        {
            throw new InvalidOperationException("subscribe before the run starts");
        }
        _observers.Add(observer);
        if (observer is IStepProbe probe)
        {
            _probes.Add(probe);
            _loop.Probe = this;
        }
    }

    /// <summary>Changes what the started line says (an extension adds the page's URL), before <see cref="Run"/>.</summary>
    /// <exception cref="InvalidOperationException">The run has already started.</exception>
    public void UpdateStarted(Func<RunStarted, RunStarted> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        if (_ran)
        {
            throw new InvalidOperationException("the run has already started");
        }
        Started = change(Started);
    }

    /// <summary>
    /// Adds to every metrics line (an extension adds its own counters, e.g. the fleet's
    /// <see cref="RunMetricsRow.FleetUnsent"/>), before <see cref="Run"/>. Called on the run's thread
    /// once per metrics interval.
    /// </summary>
    /// <exception cref="InvalidOperationException">The run has already started.</exception>
    public void ExtendMetrics(Func<RunMetricsRow, RunMetricsRow> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        if (_ran)
        {
            throw new InvalidOperationException("the run has already started");
        }
        _metricsExtensions.Add(change);
    }

    /// <summary>
    /// Runs <paramref name="work"/> on the run's thread between two windows — where the network's
    /// parameters may be read or replaced safely — and completes with its result. Work asked for
    /// after the run has ended fails with <see cref="InvalidOperationException"/>.
    /// </summary>
    public Task<T> InvokeBetweenWindows<T>(Func<T> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (_finished)
        {
            done.SetException(new InvalidOperationException("the run has ended"));
            return done.Task;
        }
        _work.Enqueue(() =>
        {
            try
            {
                done.SetResult(work());
            }
#pragma warning disable CA1031 // the task carries the failure to whoever asked for the work
            catch (Exception ex)
#pragma warning restore CA1031
            {
                done.SetException(ex);
            }
        });
        return done.Task;
    }

    /// <inheritdoc />
    void IStepProbe.AfterStep(int t, ReadOnlySpan<float> input)
    {
        foreach (var probe in _probes)
        {
            probe.AfterStep(t, input);
        }
    }

    /// <summary>
    /// Posts a teach command (<c>label NAME</c>, <c>label -</c>, <c>mode learn|infer</c>, <c>lr X</c>,
    /// <c>save</c>) from any thread; it is applied between windows, and the task completes with
    /// what became of it. Observers see the result too.
    /// </summary>
    /// <param name="command">The command line.</param>
    /// <param name="origin">Where it comes from (stdin, socket, page, fleet, api): a <c>label</c> command is taken only from the run's own label source.</param>
    public Task<CommandResult> Post(string command, string origin = "api") => _inbox.Post(command, origin);

    /// <summary>
    /// Asks the run to stop: it abandons the window in progress (not counted), saves and returns.
    /// Safe from any thread and from signal handlers.
    /// </summary>
    /// <param name="reason">What stopped it, for the summary (SIGINT, SIGTERM, duration, stopped).</param>
    /// <param name="interrupted">True for a signal (the CLI then exits 130).</param>
    public void Stop(string reason = "stopped", bool interrupted = false)
    {
        if (_stopReason is not null)
        {
            return;
        }
        _interrupted = interrupted;
        _stopReason = reason;
        _loop.StopRequested = true;
        _opened.Interrupt();
    }

    /// <summary>Runs on a thread of its own; the task ends with the summary.</summary>
    public Task<RunSummary> RunAsync()
    {
        var done = new TaskCompletionSource<RunSummary>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                done.SetResult(Run());
            }
#pragma warning disable CA1031 // the task carries the failure to whoever awaits it
            catch (Exception ex)
#pragma warning restore CA1031
            {
                done.SetException(ex);
            }
        })
        { Name = "edge-run", IsBackground = true };
        thread.Start();
        return done.Task;
    }

    /// <summary>
    /// Runs until the source ends, <see cref="RunOptions.Duration"/> passes or <see cref="Stop"/> is
    /// called; then saves the checkpoint and returns the summary (also sent to observers).
    /// </summary>
    /// <exception cref="InvalidOperationException">The run was already run.</exception>
    public RunSummary Run()
    {
        if (_ran)
        {
            throw new InvalidOperationException("a run runs once");
        }
        _ran = true;
        CollectSetupGarbage();
        using var duration = _options.Duration is { } limit
            ? new Timer(_ => Stop("duration"), null, limit, Timeout.InfiniteTimeSpan)
            : null;
        foreach (var observer in _observers)
        {
            observer.OnStarted(Started);
        }
        var clock = Stopwatch.StartNew();
        var nextMetrics = _options.MetricsEvery.TotalSeconds;
        var nextSave = _options.CheckpointEvery.TotalSeconds;
        var stopped = "end of source";
        while (_stopReason is null)
        {
            TakeCommands(clock);
            if (!_loop.Next(out var outcome))
            {
                if (_stopReason is not null || !Reopen())
                {
                    break;
                }
                continue;
            }
            Report(outcome);
            WatchRejectedUpdates();
            var seconds = clock.Elapsed.TotalSeconds;
            if (seconds >= nextMetrics)
            {
                nextMetrics = seconds + _options.MetricsEvery.TotalSeconds;
                ReportMetrics(seconds);
            }
            if (_store is not null && _learner is not null && seconds >= nextSave)
            {
                nextSave = seconds + _options.CheckpointEvery.TotalSeconds;
                TrySave(seconds, final: false);
            }
        }
        stopped = _stopReason ?? stopped;
        var elapsed = clock.Elapsed.TotalSeconds;
        Metrics.SourceDropped(_opened.Health.EventsDropped);
        RunLog.Stopping(_log, stopped, Metrics.Windows, elapsed);
        if (Metrics.HasInterval)
        {
            ReportMetrics(elapsed);
        }
        CheckLabelsMetEvents();
        if (_store is not null && _learner is not null)
        {
            TrySave(elapsed, final: true);
        }
        TakeCommands(clock);
        _finished = true;
        while (_work.TryDequeue(out var late))
        {
            late(); // work that arrived during the final save still runs
        }
        var summary = Summarize(stopped, elapsed);
        foreach (var observer in _observers)
        {
            observer.OnStopped(summary);
        }
        return summary;
    }

    /// <summary>Closes the source, the board, the teach inputs and the extensions.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        foreach (var extension in _options.Extensions)
        {
            extension.Dispose();
        }
        _socket?.Dispose();
        _opened.Dispose();
        _board?.Dispose();
        _network.Dispose();
    }

    /// <summary>
    /// A labels file whose segments hold none of the stream's events has taught nothing (the
    /// times are often in another unit or origin): that is bad input, not a finished run.
    /// </summary>
    /// <exception cref="UserInputException">The labelled windows held no events.</exception>
    private void CheckLabelsMetEvents()
    {
        if (Labels.Kind != LabelSourceKind.File || Metrics.Samples == 0 || Metrics.Events > 0 || _windows.Inner is not Labels.LabelledRecording recording)
        {
            return;
        }
        var first = recording.FirstEventUs is { } t ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"at {t} µs") : "never (the stream is empty)";
        throw new UserInputException(string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"--labels {Labels}: none of the {Metrics.Samples} labelled segments held an event: the stream's first event comes {first}, the first label starts at {recording.FirstLabelUs} µs; label times are in the stream's microseconds"));
    }

    private void Report(in SampleOutcome outcome)
    {
        var steps = Math.Max(1, _loop.Steps - _stepsBefore);
        _stepsBefore = _loop.Steps;
        var truth = Truth(outcome.StartUs, outcome.EndUs, outcome.Label);
        Metrics.Add(outcome, steps, truth);
        var latency = _windows.CompletedAt == 0 ? 0 : Stopwatch.GetElapsedTime(_windows.CompletedAt).TotalMilliseconds;
        var prediction = new WindowPrediction(outcome.StartUs, outcome.EndUs, outcome.Prediction, outcome.Confidence, _loop.Scores(0),
            outcome.Label, truth, outcome.Learned, latency);
        _board?.ShowPrediction(outcome.Prediction, Metrics.AccuracyTaught ?? double.NaN, _eventRate, outcome.Confidence,
            _mode == RunMode.Learn, outcome.Label >= 0 ? outcome.Label : _teacher.Current);
        foreach (var observer in _observers)
        {
            observer.OnPrediction(prediction);
        }
    }

    private long _stepsBefore;
    private double _eventRate;

    /// <summary>The true class of a window: the task's own label, or the source's timeline mapped onto the run's classes.</summary>
    private int Truth(long startUs, long endUs, int label)
    {
        if (Labels.Kind == LabelSourceKind.Task)
        {
            return label;
        }
        if (_truth is null)
        {
            return -1;
        }
        var c = _truth.ClassOf(startUs, endUs);
        return (uint)c < (uint)_truthMap.Length ? _truthMap[c] : -1;
    }

    private void ReportMetrics(double seconds)
    {
        Metrics.SourceDropped(_opened.Health.EventsDropped);
        var label = _teacher.Current;
        var row = WithFaults(Metrics.Interval(seconds, _learner?.Optimizer.LearningRate ?? 0f, _mode, label >= 0 ? Classes[label] : null));
        foreach (var extend in _metricsExtensions)
        {
            row = extend(row);
        }
        _eventRate = row.EventsPerS;
        foreach (var observer in _observers)
        {
            observer.OnMetrics(row);
        }
    }

    private void TrySave(double seconds, bool final)
    {
        try
        {
            var progress = Metrics.Progress(seconds);
            var path = _store!.Save(_learner!, progress, Classes);
            _saves++;
            SaveSucceeded(path, progress.Samples);
        }
        catch (CheckpointException ex) when (!final)
        {
            SaveFailed(ex.Message);
        }
    }

    private RunSummary Summarize(string stopped, double seconds)
    {
        var total = Metrics.Progress(seconds);
        return new RunSummary
        {
            Source = _options.Source,
            Network = Spec.Name,
            Samples = Metrics.Samples,
            Accuracy = Math.Round(Metrics.AccuracyTaught ?? 0, 4),
            Windows = Metrics.Windows,
            AccuracyTruth = Metrics.AccuracyTruth is { } t ? Math.Round(t, 4) : null,
            SamplesTotal = total.Samples,
            AccuracyTotal = Math.Round(total.Accuracy, 4),
            Steps = Metrics.Steps,
            Events = Metrics.Events,
            EventsDropped = Metrics.Dropped,
            Seconds = Math.Round(seconds, 3),
            StepsPerS = Math.Round(Metrics.Steps / Math.Max(1e-9, seconds), 2),
            ResumedFromSamples = _resumed?.Progress.Samples ?? 0,
            OptimizerSteps = _learner?.Optimizer.Steps ?? 0,
            Run = total.Runs,
            Checkpoint = _store?.FilePath,
            CheckpointSaves = _saves,
            UpdatesRejected = _learner?.Optimizer.Rejected ?? 0,
            SourceReopens = SourceReopens,
            Stopped = stopped,
            Interrupted = _interrupted,
        };
    }
}
