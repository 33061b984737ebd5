using Edge.Host.Runs;
using Microsoft.Extensions.Logging;

namespace Edge.Host.Tests.Runs;

/// <summary>
/// A run whose learning meets a NaN keeps going: every update that would apply it is rejected and
/// counted (<c>updates_rejected</c> in the metrics and the summary), the warning is logged at most
/// once a minute, and the checkpoint keeps the last finite weights.
/// </summary>
public sealed class RejectedUpdateRunTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("edge-nan-run-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task A_poisoned_weight_is_never_applied_and_the_warning_comes_once_a_minute()
    {
        var log = new Lines();
        var metrics = new List<RunMetricsRow>();
        using var run = OnlineRun.Open(new RunOptions
        {
            Source = "sim:",
            Duration = TimeSpan.FromSeconds(3),
            MetricsEvery = TimeSpan.FromMilliseconds(250),
        }, log);
        run.Subscribe(new Observer(metrics));
        var poisoned = run.InvokeBetweenWindows(() =>
        {
            var weight = run.Learner!.Optimizer.Parameters[0];
            weight.Value[3] = float.NaN;
            return run.Learner.Optimizer.Steps;
        });

        var summary = run.Run();

        var stepsWhenPoisoned = await poisoned;
        Assert.True(summary.UpdatesRejected > 10, $"{summary.UpdatesRejected} updates rejected");
        Assert.Equal(stepsWhenPoisoned, run.Learner!.Optimizer.Steps); // nothing applied after the NaN
        Assert.Equal(summary.UpdatesRejected, metrics[^1].UpdatesRejected);
        Assert.Single(log.Warnings, l => l.Contains("update(s) rejected", StringComparison.Ordinal));
    }

    private sealed class Observer(List<RunMetricsRow> metrics) : IRunObserver
    {
        public void OnMetrics(RunMetricsRow row) => metrics.Add(row);
    }

    private sealed class Lines : ILogger
    {
        public List<string> Warnings { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel >= LogLevel.Warning)
            {
                lock (Warnings)
                {
                    Warnings.Add(formatter(state, exception));
                }
            }
        }
    }
}
