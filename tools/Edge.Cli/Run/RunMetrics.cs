using System.Text.Json.Serialization;
using Edge.Runtime.Checkpoints;
using Edge.Runtime.Online;

namespace Edge.Cli.Run;

/// <summary>
/// Counters of a run: the lifetime totals that go into the checkpoint (continued from the one it
/// resumed) and the current metrics interval. Adding a sample allocates nothing.
/// </summary>
internal sealed class RunMetrics
{
    private const int Window = 100;
    private readonly bool[] _recent = new bool[Window];
    private readonly LearningProgress _start;
    private long _samples, _correct, _steps, _events;
    private long _recentCount;
    private long _intervalSamples, _intervalSteps, _intervalEvents;
    private double _intervalLoss;
    private double _intervalStart;
    private long _droppedBefore;
    private long _droppedSource;

    /// <summary>Starts counting from <paramref name="start"/> (a resumed checkpoint's progress, or zero).</summary>
    public RunMetrics(LearningProgress start) => _start = start;

    /// <summary>Samples of this run.</summary>
    public long Samples => _samples;

    /// <summary>Correct predictions of this run.</summary>
    public long Correct => _correct;

    /// <summary>Steps of this run.</summary>
    public long Steps => _steps;

    /// <summary>Events binned in this run.</summary>
    public long Events => _events;

    /// <summary>Events dropped by the sources of this run.</summary>
    public long Dropped => _droppedBefore + _droppedSource;

    /// <summary>Counts one sample.</summary>
    public void Add(in SampleOutcome outcome, int steps)
    {
        _samples++;
        _steps += steps;
        _events += outcome.Events;
        if (outcome.Correct)
        {
            _correct++;
        }
        _recent[_recentCount++ % Window] = outcome.Correct;
        _intervalSamples++;
        _intervalSteps += steps;
        _intervalEvents += outcome.Events;
        _intervalLoss += outcome.Loss;
    }

    /// <summary>The current source's cumulative dropped-event counter.</summary>
    public void SourceDropped(long dropped) => _droppedSource = dropped;

    /// <summary>A new source starts (the old one's drops are kept).</summary>
    public void SourceReplaced()
    {
        _droppedBefore += _droppedSource;
        _droppedSource = 0;
    }

    /// <summary>True when samples were counted since the last <see cref="Interval"/>.</summary>
    public bool HasInterval => _intervalSamples > 0;

    /// <summary>Lifetime totals at <paramref name="seconds"/> of this run, for the checkpoint.</summary>
    public LearningProgress Progress(double seconds) => new(
        _start.Samples + _samples,
        _start.Correct + _correct,
        _start.Steps + _steps,
        _start.Events + _events,
        _start.EventsDropped + Dropped,
        _start.Seconds + seconds,
        _start.Runs + 1);

    /// <summary>The metrics row of the interval ending at <paramref name="seconds"/>; starts the next interval.</summary>
    public MetricsRow Interval(double seconds, float learningRate)
    {
        var span = Math.Max(1e-9, seconds - _intervalStart);
        var total = Progress(seconds);
        var recent = (int)Math.Min(_recentCount, Window);
        var hits = 0;
        for (var i = 0; i < recent; i++)
        {
            hits += _recent[i] ? 1 : 0;
        }
        var row = new MetricsRow
        {
            ElapsedS = Math.Round(seconds, 3),
            Samples = total.Samples,
            Accuracy = Math.Round(total.Accuracy, 4),
            AccuracyLast100 = recent == 0 ? 0 : Math.Round(hits / (double)recent, 4),
            EventsPerS = Math.Round(_intervalEvents / span, 1),
            StepsPerS = Math.Round(_intervalSteps / span, 2),
            SamplesPerS = Math.Round(_intervalSamples / span, 3),
            EventsDropped = total.EventsDropped,
            Loss = _intervalSamples == 0 ? 0 : Math.Round(_intervalLoss / _intervalSamples, 5),
            LearningRate = learningRate,
        };
        _intervalStart = seconds;
        _intervalSamples = _intervalSteps = _intervalEvents = 0;
        _intervalLoss = 0;
        return row;
    }
}

/// <summary>One metrics line (--json: a JSON object on stdout).</summary>
internal sealed record MetricsRow
{
    public string Kind { get; init; } = "metrics";

    public double ElapsedS { get; init; }

    public long Samples { get; init; }

    public double Accuracy { get; init; }

    [JsonPropertyName("accuracy_last_100")]
    public double AccuracyLast100 { get; init; }

    public double EventsPerS { get; init; }

    public double StepsPerS { get; init; }

    public double SamplesPerS { get; init; }

    public long EventsDropped { get; init; }

    public double Loss { get; init; }

    public float LearningRate { get; init; }
}

/// <summary>The summary of a run, printed when it ends.</summary>
internal sealed record RunSummary
{
    public string Kind { get; init; } = "run";

    public required string Source { get; init; }

    public required string Network { get; init; }

    public long Samples { get; init; }

    public double Accuracy { get; init; }

    public long SamplesTotal { get; init; }

    public double AccuracyTotal { get; init; }

    public long Steps { get; init; }

    public long Events { get; init; }

    public long EventsDropped { get; init; }

    public double Seconds { get; init; }

    public double StepsPerS { get; init; }

    public long ResumedFromSamples { get; init; }

    public long OptimizerSteps { get; init; }

    public int Run { get; init; }

    public string? Checkpoint { get; init; }

    public int CheckpointSaves { get; init; }

    public required string Stopped { get; init; }
}

/// <summary>The effective configuration (<c>edge run --print-config</c>).</summary>
internal sealed record ConfigRow
{
    public string Kind { get; init; } = "config";

    public required string Source { get; init; }

    public string? Network { get; init; }

    public string? Labels { get; init; }

    public string? Checkpoint { get; init; }

    public string? Weights { get; init; }

    public string? Duration { get; init; }

    public required string MetricsEvery { get; init; }

    public required string CheckpointEvery { get; init; }

    public int Seed { get; init; }

    public float? LearningRate { get; init; }

    public int Ring { get; init; }

    public int Threads { get; init; }

    public string? ConfigFile { get; init; }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(MetricsRow))]
[JsonSerializable(typeof(RunSummary))]
[JsonSerializable(typeof(ConfigRow))]
internal sealed partial class RunJson : JsonSerializerContext;
