using System.Diagnostics;

namespace Edge.Host.Runs;

/// <summary>
/// What a run does when something goes wrong and learning must go on: damaged checkpoints set
/// aside at start, failed saves said once, rejected (NaN or infinite) updates logged at most once a
/// minute, a lost live source reported; and the counters of all this, with the process's memory,
/// in the metrics and summary.
/// </summary>
public sealed partial class OnlineRun
{
    private static readonly TimeSpan RejectedLogInterval = TimeSpan.FromMinutes(1);
    private int _failedSaves;
    private long _rejectedLogged;
    private long _rejectedLoggedAt; // Stopwatch timestamp of the last warning; 0 before the first

    /// <summary>Times this run's live source was lost and opened again.</summary>
    private long SourceReopens => _opened.Health.Reopens;

    /// <summary>Moves the damaged checkpoints newer than the one resumed into damaged/, one line each.</summary>
    private void SetAsideDamaged()
    {
        if (_store is null)
        {
            return;
        }
        foreach (var line in CheckpointFolder.SetAside(_store))
        {
            RunLog.SetAside(_log, line);
        }
    }

    private void SaveSucceeded(string path, long samples)
    {
        if (_failedSaves > 0)
        {
            RunLog.SaveRecovered(_log, path, _failedSaves);
            _failedSaves = 0;
        }
        RunLog.Saved(_log, path, samples, _learner!.Optimizer.Steps);
    }

    /// <summary>A full disk fails every save: say so once, until a save succeeds again.</summary>
    private void SaveFailed(string problem)
    {
        if (_failedSaves++ == 0)
        {
            RunLog.SaveFailed(_log, problem);
        }
    }

    /// <summary>Logs rejected updates at most once a minute (a stream of NaN frames must not flood the journal).</summary>
    private void WatchRejectedUpdates()
    {
        if (_learner is not { } learner || learner.Optimizer.Rejected == _rejectedLogged
            || (_rejectedLoggedAt != 0 && Stopwatch.GetElapsedTime(_rejectedLoggedAt) < RejectedLogInterval))
        {
            return;
        }
        var total = learner.Optimizer.Rejected;
        RunLog.UpdatesRejected(_log, total - _rejectedLogged, total);
        _rejectedLogged = total;
        _rejectedLoggedAt = Stopwatch.GetTimestamp();
    }

    /// <summary>The metrics row with the run's health: rejected updates, reopened sources, memory.</summary>
    private RunMetricsRow WithFaults(RunMetricsRow row) => row with
    {
        UpdatesRejected = _learner?.Optimizer.Rejected ?? 0,
        SourceReopens = SourceReopens,
        RssBytes = Environment.WorkingSet,
        ManagedHeapBytes = GC.GetTotalMemory(forceFullCollection: false),
    };

    private void ReportSource(string line) => RunLog.Source(_log, line);

    /// <summary>
    /// Collects what building the run left behind (specs, setup buffers) before the first window,
    /// so the collector's first full collection — which commits its own bookkeeping memory — happens
    /// at start and the memory of a run from then on is what it keeps. Not compacting: the freed
    /// space is reused in place rather than copied into newly committed memory.
    /// </summary>
    private static void CollectSetupGarbage() =>
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: false);
}
