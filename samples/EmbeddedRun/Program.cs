using System.Globalization;
using Edge.Host.Runs;

// Learn online from any source for a while, print what the network sees, save what it learned.
var source = args.Length > 0 ? args[0] : "sim:";                    // sim:, file:rec.aedat4, edvs:/dev/ttyUSB0, caer:davis …
var seconds = args.Length > 1 ? double.Parse(args[1], CultureInfo.InvariantCulture) : 10;
var state = args.Length > 2 ? args[2] : Path.Combine(Path.GetTempPath(), "edge-sample-state");

using var run = OnlineRun.Open(new RunOptions
{
    Source = source,
    Checkpoint = state,                                              // resumed from next time
    Duration = TimeSpan.FromSeconds(seconds),
    MetricsEvery = TimeSpan.FromSeconds(1),
});
run.Subscribe(new Printer(run.Classes));
Console.CancelKeyPress += (_, e) => { e.Cancel = true; run.Stop("Ctrl-C"); };
var summary = run.Run();                                             // until the source ends, the duration, or Stop()
Console.WriteLine($"{summary.Windows} windows, accuracy {summary.Accuracy:0.000}; learned state in {summary.Checkpoint}");

/// <summary>Prints one metrics line per interval and the first prediction after it.</summary>
internal sealed class Printer(IReadOnlyList<string> classes) : IRunObserver
{
    private bool _show = true;

    public void OnMetrics(RunMetricsRow m)
    {
        Console.WriteLine($"{m.ElapsedS:0.0} s: {m.Windows} windows, accuracy {m.AccuracyTaught ?? 0:0.000}, {m.StepsPerS:0} steps/s");
        _show = true;
    }

    public void OnPrediction(in WindowPrediction p)
    {
        if (_show)
        {
            Console.WriteLine($"  saw {classes[p.Class]} ({p.Confidence:P0}){(p.Truth >= 0 ? $", shown {classes[p.Truth]}" : "")}");
            _show = false;
        }
    }
}
