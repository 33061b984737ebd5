using System.Diagnostics;
using Spectre.Console;

namespace Edge.Cli.Cli;

/// <summary>
/// A progress bar on stderr. On a terminal it is a live Spectre bar; when stderr is redirected
/// (CI, a service) it prints a plain line at most every few seconds. The work runs on the calling
/// thread; rendering happens elsewhere, so a measured hot loop never pays for the UI.
/// </summary>
internal sealed class ProgressBar
{
    private readonly ProgressTask? _task;
    private readonly string _title;
    private readonly double _total;
    private readonly Stopwatch _sinceLine = Stopwatch.StartNew();
    private string _status = "";

    private ProgressBar(ProgressTask? task, string title, double total)
    {
        _task = task;
        _title = title;
        _total = total;
    }

    /// <summary>Runs <paramref name="work"/> with a bar of <paramref name="total"/> units.</summary>
    public static T Run<T>(string title, double total, Func<ProgressBar, T> work)
    {
        if (!Terminal.CanAnimate)
        {
            var plain = new ProgressBar(null, title, total);
            var result = work(plain);
            plain.Line(force: true);
            return result;
        }

        return Terminal.Err.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(
                new TaskDescriptionColumn { Alignment = Justify.Left },
                new ProgressBarColumn(),
                new PercentageColumn(),
                new ElapsedTimeColumn(),
                new RemainingTimeColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask(Markup.Escape(title), maxValue: Math.Max(total, 1));
                var bar = new ProgressBar(task, title, total);
                var result = work(bar);
                task.Value = task.MaxValue;
                return result;
            });
    }

    /// <summary>Current value.</summary>
    public double Value { get; private set; }

    /// <summary>Sets the value and a short status text shown beside the title.</summary>
    public void Report(double value, string status)
    {
        Value = value;
        _status = status;
        if (_task is not null)
        {
            _task.Value = value;
            _task.Description = Markup.Escape($"{_title} {status}");
        }
        else if (_sinceLine.Elapsed.TotalSeconds >= 5)
        {
            Line(force: false);
        }
    }

    private void Line(bool force)
    {
        if (!force && _sinceLine.Elapsed.TotalSeconds < 5)
        {
            return;
        }
        _sinceLine.Restart();
        var pct = _total > 0 ? 100.0 * Value / _total : 100.0;
        Console.Error.WriteLine(FormattableString.Invariant($"{_title}: {pct:0}% {_status}"));
    }
}
