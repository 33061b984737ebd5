using Edge.Runtime.Checkpoints;
using Edge.Runtime.Online;

namespace Edge.Host.Runs;

/// <summary>
/// Counters of a run: the lifetime totals that go into the checkpoint (continued from the one it
/// resumed; taught windows count as samples), this run's accuracy on taught windows and on windows
/// with a known true class, and the current metrics interval. Adding a window allocates nothing.
/// </summary>
public sealed class RunMetrics
{
    private const int Recent = 100;
    private readonly bool[] _recent = new bool[Recent];
    private readonly LearningProgress _start;
    private long _samples, _correct, _steps, _events, _windows, _truths, _truthCorrect;
    private long _recentCount;
    private long _intervalWindows, _intervalLearned, _intervalSteps, _intervalEvents;
    private double _intervalLoss;
    private double _intervalStart;
    private long _droppedBefore;
    private long _droppedSource;
    private long _pageFramesDropped = -1;

    /// <summary>Starts counting from <paramref name="start"/> (a resumed checkpoint's progress, or zero).</summary>
    public RunMetrics(LearningProgress start) => _start = start;

    /// <summary>Taught windows of this run.</summary>
    public long Samples => _samples;

    /// <summary>Of which predicted correctly.</summary>
    public long Correct => _correct;

    /// <summary>Windows predicted in this run.</summary>
    public long Windows => _windows;

    /// <summary>Network steps of this run.</summary>
    public long Steps => _steps;

    /// <summary>Events binned in this run.</summary>
    public long Events => _events;

    /// <summary>Events dropped by the sources of this run.</summary>
    public long Dropped => _droppedBefore + _droppedSource;

    /// <summary>This run's accuracy on taught windows, or null before the first.</summary>
    public double? AccuracyTaught => _samples == 0 ? null : _correct / (double)_samples;

    /// <summary>This run's accuracy on windows with a known true class, or null before the first.</summary>
    public double? AccuracyTruth => _truths == 0 ? null : _truthCorrect / (double)_truths;

    /// <summary>Counts one window: its outcome, the steps it took and its true class (−1: unknown).</summary>
    public void Add(in SampleOutcome outcome, long steps, int truth)
    {
        _windows++;
        _steps += steps;
        _events += outcome.Events;
        _intervalWindows++;
        _intervalSteps += steps;
        _intervalEvents += outcome.Events;
        if (outcome.Label >= 0)
        {
            _samples++;
            _correct += outcome.Correct ? 1 : 0;
            _recent[_recentCount++ % Recent] = outcome.Correct;
        }
        if (outcome.Learned && float.IsFinite(outcome.Loss))
        {
            // A NaN or infinite loss is a rejected update (counted by the optimizer), not a loss to average.
            _intervalLearned++;
            _intervalLoss += outcome.Loss;
        }
        if (truth >= 0)
        {
            _truths++;
            _truthCorrect += truth == outcome.Prediction ? 1 : 0;
        }
    }

    /// <summary>The current source's cumulative dropped-event counter.</summary>
    public void SourceDropped(long dropped) => _droppedSource = dropped;

    /// <summary>A new source starts (the old one's drops are kept).</summary>
    public void SourceReplaced()
    {
        _droppedBefore += _droppedSource;
        _droppedSource = 0;
    }

    /// <summary>
    /// The live page's count of messages it dropped for browsers that read too slowly (from any
    /// thread); from the first call on, the metrics carry <c>page_frames_dropped</c>.
    /// </summary>
    public void PageFramesDropped(long dropped) => Volatile.Write(ref _pageFramesDropped, dropped);

    /// <summary>True when windows were counted since the last <see cref="Interval"/>.</summary>
    public bool HasInterval => _intervalWindows > 0;

    /// <summary>Lifetime totals at <paramref name="seconds"/> of this run, for the checkpoint.</summary>
    public LearningProgress Progress(double seconds) => new(
        _start.Samples + _samples,
        _start.Correct + _correct,
        _start.Steps + _steps,
        _start.Events + _events,
        _start.EventsDropped + Dropped,
        _start.Seconds + seconds,
        _start.Runs + 1);

    /// <summary>The metrics of the interval ending at <paramref name="seconds"/>; starts the next interval.</summary>
    public RunMetricsRow Interval(double seconds, float learningRate, RunMode mode, string? label)
    {
        var span = Math.Max(1e-9, seconds - _intervalStart);
        var total = Progress(seconds);
        var recent = (int)Math.Min(_recentCount, Recent);
        var hits = 0;
        for (var i = 0; i < recent; i++)
        {
            hits += _recent[i] ? 1 : 0;
        }
        var row = new RunMetricsRow
        {
            ElapsedS = Math.Round(seconds, 3),
            Samples = total.Samples,
            Accuracy = Math.Round(total.Accuracy, 4),
            AccuracyLast100 = recent == 0 ? 0 : Math.Round(hits / (double)recent, 4),
            Mode = RunModes.Name(mode),
            Label = label,
            Windows = _windows,
            AccuracyTaught = Round(AccuracyTaught),
            AccuracyTruth = Round(AccuracyTruth),
            EventsPerS = Math.Round(_intervalEvents / span, 1),
            StepsPerS = Math.Round(_intervalSteps / span, 2),
            SamplesPerS = Math.Round(_intervalWindows / span, 3),
            EventsDropped = total.EventsDropped,
            Loss = _intervalLearned == 0 ? 0 : Math.Round(_intervalLoss / _intervalLearned, 5),
            LearningRate = learningRate,
            PageFramesDropped = Volatile.Read(ref _pageFramesDropped) is >= 0 and var page ? page : null,
        };
        _intervalStart = seconds;
        _intervalWindows = _intervalLearned = _intervalSteps = _intervalEvents = 0;
        _intervalLoss = 0;
        return row;
    }

    private static double? Round(double? value) => value is { } v ? Math.Round(v, 4) : null;
}
