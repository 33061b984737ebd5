using System.Diagnostics;
using System.Globalization;
using Edge.Cli.Cli;
using Edge.Cli.Sources;
using Edge.Runtime.Learning.Stllr;
using Edge.Runtime;
using Edge.Runtime.Checkpoints;
using Edge.Runtime.Events;
using Edge.Runtime.Online;
using Edge.Runtime.Specs;
using Microsoft.Extensions.Logging;

namespace Edge.Cli.Run;

/// <summary>
/// The long-running loop of <c>edge run</c>: a labelled event stream is binned into frames and the
/// network learns it online, test-then-train (<see cref="PrequentialTrainer"/>), with a constant
/// learning rate; metrics are logged at an interval; the learned state is checkpointed
/// periodically and when the run stops (end of the source, <c>--duration</c>, Ctrl-C, SIGTERM).
/// A simulated source that ends is opened again with the next seed, so it runs for as long as asked.
/// </summary>
internal sealed class OnlineRun
{
    private readonly RunPlan _plan;
    private readonly bool _json;
    private readonly ILogger _log;

    private OnlineRun(RunPlan plan, bool json, ILogger log)
    {
        _plan = plan;
        _json = json;
        _log = log;
    }

    /// <summary>Runs <paramref name="plan"/>; returns the exit code (0, or 130 after a signal).</summary>
    public static int Execute(RunPlan plan, bool json, ILogger log) => new OnlineRun(plan, json, log).Execute();

    private RunSettings Settings => _plan.Settings;

    private int Execute()
    {
        var store = string.IsNullOrWhiteSpace(Settings.Checkpoint) ? null : new CheckpointStore(Settings.Checkpoint);
        var resumed = store?.ReadInfo();
        var pass = 0;
        var opened = Open(resumed, pass);
        try
        {
            var labelled = opened.Labelled!;
            var spec = NetworkCatalog.Resolve(Settings.Network).WithClasses(labelled.ClassCount);
            if (spec.InputShape.Count != 3 || spec.InputShape[0] != 2)
            {
                throw new UserInputException($"network '{spec.Name}' takes [{string.Join(", ", spec.InputShape)}]; edge run feeds [2, H, W] event frames");
            }
            using var network = Network.Build(spec, new NetworkOptions(1, Learning: true, Seed: resumed?.Seed ?? (ulong)Settings.Seed) { Threads = Settings.Threads });
            var learner = new StllrLearner(network);
            var start = LoadState(store, resumed, learner);
            learner.Optimizer.LearningRate = Settings.LearningRate ?? spec.Learning.LearningRate;
            RunLog.Started(_log, Settings.Source, spec.Name, spec.Classes, learner.TimeSteps, learner.LearnSteps, learner.Optimizer.LearningRate, Settings.Threads, start);

            var binner = new EventBinner(labelled.Geometry, new BinnerOptions { OutputHeight = spec.InputShape[1], OutputWidth = spec.InputShape[2] });
            var trainer = new PrequentialTrainer(learner, new SegmentFramer(labelled, binner, spec.TimeSteps));
            var metrics = new RunMetrics(resumed?.Progress ?? default);
            var saves = 0;
            var stopped = "end of source";
            var clock = Stopwatch.StartNew();
            using var stop = new StopSignal(_plan.Duration, () => opened.Interrupt());
            var nextMetrics = _plan.MetricsEvery.TotalSeconds;
            var nextSave = _plan.CheckpointEvery.TotalSeconds;
            while (!stop.IsStopping)
            {
                if (!trainer.Next(out var outcome))
                {
                    if (stop.IsStopping || opened.Scheme != "sim")
                    {
                        break;
                    }
                    // A simulated task has a fixed number of samples: go on with a fresh one.
                    RunLog.Reopened(_log, Settings.Source, trainer.Samples, SourceSeed(resumed, pass + 1));
                    metrics.SourceDropped(opened.Health.EventsDropped);
                    metrics.SourceReplaced();
                    opened.Dispose();
                    opened = Open(resumed, ++pass);
                    trainer = new PrequentialTrainer(learner, new SegmentFramer(opened.Labelled!, binner, spec.TimeSteps));
                    continue;
                }
                metrics.Add(outcome, learner.TimeSteps);
                var seconds = clock.Elapsed.TotalSeconds;
                if (seconds >= nextMetrics)
                {
                    nextMetrics = seconds + _plan.MetricsEvery.TotalSeconds;
                    metrics.SourceDropped(opened.Health.EventsDropped);
                    Report(metrics.Interval(seconds, learner.Optimizer.LearningRate));
                }
                if (store is not null && seconds >= nextSave)
                {
                    nextSave = seconds + _plan.CheckpointEvery.TotalSeconds;
                    saves += TrySave(store, learner, metrics.Progress(seconds), final: false);
                }
            }
            if (stop.Reason is { } reason)
            {
                stopped = reason;
            }
            var elapsed = clock.Elapsed.TotalSeconds;
            metrics.SourceDropped(opened.Health.EventsDropped);
            RunLog.Stopping(_log, stopped, metrics.Samples, elapsed);
            if (metrics.HasInterval)
            {
                Report(metrics.Interval(elapsed, learner.Optimizer.LearningRate));
            }
            if (store is not null)
            {
                saves += TrySave(store, learner, metrics.Progress(elapsed), final: true);
            }
            Summarize(spec, learner, metrics, resumed, store, saves, stopped, elapsed);
            return stop.Interrupted ? ExitCodes.Interrupted : ExitCodes.Ok;
        }
        finally
        {
            opened.Dispose();
        }
    }

    /// <summary>Restores the checkpoint, or loads --weights, or keeps the seeded initial weights; says which.</summary>
    private string LoadState(CheckpointStore? store, CheckpointInfo? resumed, StllrLearner learner)
    {
        if (store is not null && resumed is not null)
        {
            store.Restore(learner);
            if (!string.IsNullOrWhiteSpace(Settings.Weights))
            {
                RunLog.WeightsIgnored(_log, Settings.Weights);
            }
            return string.Create(CultureInfo.InvariantCulture,
                $"resumed from {store.FilePath} ({resumed.Progress.Samples} samples, accuracy {resumed.Progress.Accuracy:0.000}, saved {resumed.SavedAt:u})");
        }
        if (!string.IsNullOrWhiteSpace(Settings.Weights))
        {
            WeightFile.Import(learner.Network, Settings.Weights);
            return $"starting from the weights in {Settings.Weights}";
        }
        return store is null ? "no checkpoint folder: nothing is saved" : $"starting afresh; checkpoints go to {store.FilePath}";
    }

    /// <summary>Opens the source as a labelled stream (its own labels, or --labels).</summary>
    private OpenedSource Open(CheckpointInfo? resumed, int pass)
    {
        var opened = SourceFactory.Open(Settings.Source, new SourceOptions { RingCapacity = Settings.Ring, Seed = SourceSeed(resumed, pass) });
        try
        {
            if (opened.Labelled is not null)
            {
                if (!string.IsNullOrWhiteSpace(Settings.Labels))
                {
                    throw new UserInputException($"--labels: source '{Settings.Source}' has labels of its own");
                }
                return opened;
            }
            if (string.IsNullOrWhiteSpace(Settings.Labels))
            {
                throw new UserInputException($"source '{Settings.Source}' has no labels: give --labels FILE (CSV start_us,end_us,label) or a simulated task (sim:<task>)");
            }
            var geometry = opened.Geometry ?? throw new UserInputException(
                $"source '{Settings.Source}' does not say its sensor size, so its events cannot be binned into frames");
            var labelled = new LabelledStream(opened.Events, geometry, LabelsFile.Read(Settings.Labels));
            return new OpenedSource
            {
                Uri = opened.Uri,
                Scheme = opened.Scheme,
                Events = opened.Events,
                Labelled = labelled,
                IsLive = opened.IsLive,
            };
        }
        catch
        {
            opened.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Seed of a simulated source: the configured seed, moved on by 1000 per resumed run and by one
    /// per re-opening, so a resumed or endless run keeps seeing new samples.
    /// </summary>
    private int SourceSeed(CheckpointInfo? resumed, int pass) =>
        unchecked(Settings.Seed + (1000 * (resumed?.Progress.Runs ?? 0)) + pass);

    private int TrySave(CheckpointStore store, StllrLearner learner, LearningProgress progress, bool final)
    {
        try
        {
            store.Save(learner, progress);
            RunLog.Saved(_log, store.FilePath, progress.Samples, learner.Optimizer.Steps);
            return 1;
        }
        catch (CheckpointException ex) when (!final)
        {
            RunLog.SaveFailed(_log, ex.Message);
            return 0;
        }
    }

    private void Report(MetricsRow row)
    {
        RunLog.Metrics(_log, row.Samples, row.Accuracy, row.AccuracyLast100, row.EventsPerS, row.StepsPerS, row.EventsDropped, row.Loss);
        if (_json)
        {
            JsonLines.Write(row, RunJson.Default.MetricsRow);
        }
    }

    private void Summarize(NetworkSpec spec, StllrLearner learner, RunMetrics metrics, CheckpointInfo? resumed, CheckpointStore? store,
        int saves, string stopped, double seconds)
    {
        var total = metrics.Progress(seconds);
        var summary = new RunSummary
        {
            Source = Settings.Source,
            Network = spec.Name,
            Samples = metrics.Samples,
            Accuracy = metrics.Samples == 0 ? 0 : Math.Round(metrics.Correct / (double)metrics.Samples, 4),
            SamplesTotal = total.Samples,
            AccuracyTotal = Math.Round(total.Accuracy, 4),
            Steps = metrics.Steps,
            Events = metrics.Events,
            EventsDropped = metrics.Dropped,
            Seconds = Math.Round(seconds, 3),
            StepsPerS = Math.Round(metrics.Steps / Math.Max(1e-9, seconds), 2),
            ResumedFromSamples = resumed?.Progress.Samples ?? 0,
            OptimizerSteps = learner.Optimizer.Steps,
            Run = total.Runs,
            Checkpoint = store?.FilePath,
            CheckpointSaves = saves,
            Stopped = stopped,
        };
        if (_json)
        {
            JsonLines.Write(summary, RunJson.Default.RunSummary);
        }
        else
        {
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{summary.Samples} samples learned online in {summary.Seconds:0.0} s ({summary.StepsPerS:0} steps/s, {summary.EventsDropped} events dropped): accuracy {summary.Accuracy:0.000}; lifetime {summary.SamplesTotal} samples, accuracy {summary.AccuracyTotal:0.000}; stopped by {stopped}"));
        }
    }
}
