using System.Diagnostics;
using Edge.Host.Fleet.Weights;
using Edge.Host.Runs;
using Edge.Host.Teaching;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Edge.Host.Fleet.Board;

/// <summary>
/// A board's member of the fleet: attached to an <see cref="OnlineRun"/>, it reports the run's
/// status, metrics and (rate-limited) predictions to the broker, takes commands from
/// <c>edge/ID/cmd</c> (the teach command language, <c>pull-weights</c>, <c>push-weights</c>) and
/// sends or takes weight sets. The run never waits for the broker: the learning thread only copies
/// into fixed slots (no allocation, no blocking); a worker of its own connects (with backoff while the
/// broker is away), publishes and receives. What cannot be sent is counted
/// (<see cref="RunMetricsRow.FleetUnsent"/>); metrics wait in a bounded queue that drops the oldest.
/// </summary>
public sealed partial class FleetBoard : IRunExtension, IRunObserver
{
    private readonly FleetBoardOptions _options;
    private readonly ILogger _log;
    private readonly string _broker;
    private readonly Lock _gate = new();
    private readonly RunMetricsRow?[] _metrics;
    private readonly long _predictionTicks;
    private int _metricsHead, _metricsCount;
    private PendingPrediction _prediction;
    private bool _hasPrediction;
    private long _windowsSincePrediction;
    private long _nextPredictionAt;
    private long _unsent;
    private OnlineRun? _run;
    private NetworkWeights? _weights;
    private Task? _worker;
    private readonly CancellationTokenSource _stop = new();

    /// <summary>Creates the client; it connects once attached to a run.</summary>
    /// <param name="options">The broker, the login and the board id.</param>
    /// <param name="logger">Where it logs (connection, refusals); null for nowhere.</param>
    public FleetBoard(FleetBoardOptions options, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        Broker.FleetTopics.CheckBoardId(options.BoardId);
        _options = options;
        _log = logger ?? NullLogger.Instance;
        _broker = options.Login.Address.ToString();
        _metrics = new RunMetricsRow?[Math.Max(1, options.MetricsQueue)];
        _predictionTicks = (long)(options.PredictionInterval.TotalSeconds * Stopwatch.Frequency);
    }

    /// <inheritdoc />
    public LabelSourceKind? Labels => _options.TakesLabels ? LabelSourceKind.Fleet : null;

    /// <summary>The board id.</summary>
    public string BoardId => _options.BoardId;

    /// <summary>Messages that could not be sent so far: metrics dropped from the full queue, predictions and publishes lost while the broker was away.</summary>
    public long Unsent => Interlocked.Read(ref _unsent);

    /// <summary>True while connected to the broker.</summary>
    public bool IsConnected => _client?.IsConnected ?? false;

    /// <inheritdoc />
    public void Attach(OnlineRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (_run is not null)
        {
            throw new InvalidOperationException("a fleet client attaches to one run");
        }
        _run = run;
        _weights = new NetworkWeights(run.Network);
        _snapshot = new float[_weights.Floats];
        run.Subscribe(this);
        run.ExtendMetrics(row => row with { FleetUnsent = Unsent });
        BoardLog.Reporting(_log, _options.BoardId, _broker);
        _worker = Task.Run(WorkAsync);
    }

    /// <inheritdoc />
    void IRunObserver.OnPrediction(in WindowPrediction prediction)
    {
        var now = Stopwatch.GetTimestamp();
        lock (_gate)
        {
            _windowsSincePrediction++;
            if (now < _nextPredictionAt)
            {
                return;
            }
            _nextPredictionAt = now + _predictionTicks;
            if (_hasPrediction)
            {
                Interlocked.Increment(ref _unsent); // the previous one was never taken: the broker is away
            }
            _prediction = new PendingPrediction(prediction.StartUs, prediction.EndUs, prediction.Class, prediction.Confidence, prediction.Label,
                prediction.Truth, prediction.Learned, _windowsSincePrediction);
            _windowsSincePrediction = 0;
            _hasPrediction = true;
        }
    }

    /// <inheritdoc />
    void IRunObserver.OnMetrics(RunMetricsRow metrics)
    {
        lock (_gate)
        {
            if (_metricsCount == _metrics.Length)
            {
                _metrics[_metricsHead] = null;
                _metricsHead = (_metricsHead + 1) % _metrics.Length;
                _metricsCount--;
                Interlocked.Increment(ref _unsent);
            }
            _metrics[(_metricsHead + _metricsCount) % _metrics.Length] = metrics;
            _metricsCount++;
        }
    }

    /// <inheritdoc />
    void IRunObserver.OnStopped(RunSummary summary) => _statusDirty = true;

    /// <summary>Publishes the offline status, disconnects and stops the worker (waits up to 5 s for it).</summary>
    public void Dispose()
    {
        if (!_stop.IsCancellationRequested)
        {
            _stop.Cancel();
            try
            {
                _worker?.Wait(TimeSpan.FromSeconds(5));
            }
            catch (AggregateException)
            {
                // The worker logs its own problems; disposal goes on.
            }
        }
        _client?.Dispose();
        _stop.Dispose();
    }

    /// <summary>Takes the waiting metrics (oldest first) into <paramref name="into"/>.</summary>
    private void TakeMetrics(List<RunMetricsRow> into)
    {
        lock (_gate)
        {
            while (_metricsCount > 0)
            {
                into.Add(_metrics[_metricsHead]!);
                _metrics[_metricsHead] = null;
                _metricsHead = (_metricsHead + 1) % _metrics.Length;
                _metricsCount--;
            }
        }
    }

    private bool TakePrediction(out PendingPrediction prediction)
    {
        lock (_gate)
        {
            prediction = _prediction;
            var had = _hasPrediction;
            _hasPrediction = false;
            return had;
        }
    }

    private void CountUnsent(int messages = 1) => Interlocked.Add(ref _unsent, messages);

    /// <summary>A prediction copied out of the run's call (the scores are not kept).</summary>
    private readonly record struct PendingPrediction(long StartUs, long EndUs, int Class, float Confidence, int Label, int Truth, bool Learned, long Windows);
}
