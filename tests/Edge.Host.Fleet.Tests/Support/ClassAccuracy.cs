using Edge.Host.Runs;

namespace Edge.Host.Fleet.Tests.Support;

/// <summary>
/// A checkpoint's accuracy on the classes a board was taught and on the others: an inference run
/// (nothing learned, nothing saved) over fresh samples of every class of the simulated motion task.
/// </summary>
internal static class ClassAccuracy
{
    public static (double Own, double Untaught) Of(string checkpoint, IReadOnlyCollection<string> own, int windows = 480, int seed = 999)
    {
        using var run = OnlineRun.Open(new RunOptions { Source = $"sim:motion?seed={seed}", Mode = RunMode.Infer, Checkpoint = checkpoint });
        var counter = new Counter(run, own, windows);
        run.Subscribe(counter);
        run.Run();
        return (counter.OwnRight / (double)Math.Max(1, counter.OwnSeen), counter.OtherRight / (double)Math.Max(1, counter.OtherSeen));
    }

    private sealed class Counter(OnlineRun run, IReadOnlyCollection<string> own, int windows) : IRunObserver
    {
        private int _seen;

        public int OwnSeen { get; private set; }

        public int OwnRight { get; private set; }

        public int OtherSeen { get; private set; }

        public int OtherRight { get; private set; }

        public void OnPrediction(in WindowPrediction prediction)
        {
            if (prediction.Truth < 0 || _seen >= windows)
            {
                return;
            }
            var right = prediction.Class == prediction.Truth ? 1 : 0;
            if (own.Contains(run.Classes[prediction.Truth]))
            {
                OwnSeen++;
                OwnRight += right;
            }
            else
            {
                OtherSeen++;
                OtherRight += right;
            }
            if (++_seen == windows)
            {
                run.Stop();
            }
        }
    }
}
