using System.Diagnostics;
using System.Text.Json;
using Edge.Cli.Tests.Run;
using Xunit.Abstractions;

namespace Edge.Cli.Tests.Reliability;

/// <summary>
/// How <c>edge run</c> ends with a live source: the end of standard input ends the run with exit 0;
/// an absent camera at start is exit 3; a source that stalls never holds up a SIGTERM (exit 130,
/// the stop time measured against a generous 10 s).
/// </summary>
[Collection("timing")]
public sealed class StreamEndTests(ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan Guard = TimeSpan.FromMinutes(1);
    private readonly string _dir = Directory.CreateTempSubdirectory("edge-end-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void The_end_of_standard_input_ends_the_run_with_exit_0()
    {
        var config = Classes();
        using var edge = EdgeProcess.Start(null, "run", "--config", config, "--source", "evt:-?format=evt2&width=32&height=32", "--labels", "none", "--json");
        edge.CloseInput();
        Assert.Equal(0, edge.WaitForExit(Guard));
        var summary = JsonDocument.Parse(edge.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1]).RootElement;
        Assert.Equal("end of source", summary.GetProperty("stopped").GetString());
    }

    [Theory]
    [InlineData("edvs:/dev/ttyEDGE-NO-SUCH-ADAPTER")]
    [InlineData("evt:/tmp/edge-no-such-pipe")]
    [InlineData("edvs-tcp:127.0.0.1:1")]
    public void An_absent_camera_at_start_is_exit_3(string source)
    {
        var r = EdgeProcess.Run(Guard, null, "run", "--config", Classes(), "--source", source, "--labels", "none");
        Assert.True(r.Code == 3, $"exit {r.Code}: {r.Stderr}");
        Assert.Single(r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void A_stalled_source_never_holds_up_sigterm()
    {
        var fifo = Path.Combine(_dir, "camera.fifo");
        using (var mkfifo = Process.Start(new ProcessStartInfo("mkfifo") { ArgumentList = { fifo } })!)
        {
            mkfifo.WaitForExit();
        }
        using var edge = EdgeProcess.Start(null, "run", "--config", Classes(), "--source", $"evt:{fifo}?format=evt2&width=32&height=32",
            "--labels", "none", "--checkpoint", Path.Combine(_dir, "state"));
        // The capture tool opens the pipe, writes a few words and then hangs, the pipe left open.
        using var pipe = new FileStream(fifo, FileMode.Open, FileAccess.Write, FileShare.ReadWrite, bufferSize: 0);
        pipe.Write(new byte[64]);
        Assert.True(edge.WaitForStderr("starting afresh", Guard), edge.Stderr);
        Thread.Sleep(500);
        var clock = Stopwatch.StartNew();
        edge.Terminate();
        var code = edge.WaitForExit(Guard);
        output.WriteLine($"SIGTERM to exit with a stalled FIFO: {clock.ElapsedMilliseconds} ms (limit 10 s)");
        Assert.Equal(130, code);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"{clock.Elapsed} to stop");
    }

    private string Classes()
    {
        var config = Path.Combine(_dir, "edge.json");
        File.WriteAllText(config, """{ "classes": ["wave", "clap"] }""");
        return config;
    }
}
