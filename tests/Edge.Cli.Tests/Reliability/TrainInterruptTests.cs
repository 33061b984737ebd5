using System.Globalization;
using System.Text.RegularExpressions;
using Edge.Cli.Tests.Run;
using Edge.Drivers.Tests.Datasets;
using Edge.Runtime.Checkpoints;
using Xunit.Abstractions;

namespace Edge.Cli.Tests.Reliability;

/// <summary>
/// <c>edge train</c> stopped by SIGTERM in the middle of an epoch saves, and the same command
/// resumes it exactly: the last checkpoint's weights, optimizer moments and generator states are
/// bit for bit those of a run that was never stopped (the shuffle comes from the seed and epoch,
/// the dropout and augmentation generators' states are in the checkpoint).
/// </summary>
[Collection("timing")]
public sealed partial class TrainInterruptTests(ITestOutputHelper output) : IDisposable
{
    private const int Classes = 3;
    private const int PerClass = 100;
    private static readonly TimeSpan Guard = TimeSpan.FromMinutes(3);
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void An_epoch_stopped_by_sigterm_resumes_to_the_checkpoint_of_an_uninterrupted_run()
    {
        DatasetFolders.Nmnist(_temp.Path, Classes, PerClass, testPerClass: 1, events: 300);
        var network = DropoutTestNetwork.Write(_temp.Path);
        string[] Train(string folder) =>
            ["train", "--dataset", "nmnist:" + _temp.Path, "--network", network, "--epochs", "2", "--seed", "5", "--checkpoint", folder];

        var straight = EdgeProcess.Run(Guard, null, Train(_temp.File("straight")));
        Assert.True(straight.Code == 0, straight.Stderr);

        using (var stopped = EdgeProcess.Start(null, Train(_temp.File("resumed"))))
        {
            Assert.True(stopped.WaitForStderr("training dropout-test", Guard), stopped.Stderr);
            stopped.Terminate();
            var code = stopped.WaitForExit(Guard);
            Assert.True(code == 130, $"exit {code}, not stopped by SIGTERM (did training end first?): {stopped.Stderr}");
            Assert.Contains("interrupted (SIGTERM): checkpoint saved to ", stopped.Stderr, StringComparison.Ordinal);
        }
        var resumed = EdgeProcess.Run(Guard, null, Train(_temp.File("resumed")));
        Assert.True(resumed.Code == 0, resumed.Stderr);
        var done = long.Parse(SamplesDone().Match(resumed.Stderr).Groups[1].Value, CultureInfo.InvariantCulture);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"stopped after {done} of {2 * Classes * PerClass} samples ({done % (Classes * PerClass)} into epoch {(done / (Classes * PerClass)) + 1})"));

        using var expected = SafetensorsFile.Open(new CheckpointStore(_temp.File("straight")).FilePath!);
        using var actual = SafetensorsFile.Open(new CheckpointStore(_temp.File("resumed")).FilePath!);
        Assert.Equal(expected.Tensors.Select(t => t.Name), actual.Tensors.Select(t => t.Name));
        Assert.Contains(expected.Tensors, t => t.Name.StartsWith("optimizer.", StringComparison.Ordinal));
        foreach (var tensor in expected.Tensors)
        {
            var a = expected.Read(tensor).Select(BitConverter.SingleToInt32Bits);
            var b = actual.Read(actual.Find(tensor.Name)!).Select(BitConverter.SingleToInt32Bits);
            Assert.True(a.SequenceEqual(b), $"{tensor.Name} differs");
        }
        foreach (var key in new[] { "samples", "correct", "steps", "events", "optimizer_steps", "rng.augment", "rng.dropout" })
        {
            Assert.Equal(expected.Metadata[key], actual.Metadata[key]);
        }
    }

    [GeneratedRegex(@"resumed from \S+ \((\d+) samples done\)")]
    private static partial Regex SamplesDone();
}
