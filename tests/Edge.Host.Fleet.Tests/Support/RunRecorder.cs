using System.Collections.Concurrent;
using Edge.Host.Runs;

namespace Edge.Host.Fleet.Tests.Support;

/// <summary>Keeps a run's metrics rows and counts its windows (an observer of the tests).</summary>
internal sealed class RunRecorder : IRunObserver
{
    private long _windows;

    public ConcurrentQueue<RunMetricsRow> Metrics { get; } = new();

    public long Windows => Interlocked.Read(ref _windows);

    public void OnPrediction(in WindowPrediction prediction) => Interlocked.Increment(ref _windows);

    public void OnMetrics(RunMetricsRow metrics) => Metrics.Enqueue(metrics);
}
