using System.Net.Sockets;
using System.Text;
using Edge.Drivers.Tests.Datasets;
using Edge.Host.Runs;
using Edge.Host.Teaching;

namespace Edge.Host.Tests.Runs;

public sealed class TeachInputsTests
{
    [Fact]
    public async Task A_socket_client_teaches_and_reads_each_commands_result()
    {
        using var temp = new TempFolder();
        var path = temp.File("teach.sock");
        using var run = OnlineRun.Open(new RunOptions { Source = "sim:bar-right@1s,bar-left@1s", Labels = LabelSource.Parse("socket:" + path) });
        var running = run.RunAsync();

        using var client = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await client.ConnectAsync(new UnixDomainSocketEndPoint(path));
        using var stream = new NetworkStream(client);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        using var writer = new StreamWriter(stream, new UTF8Encoding(false)) { AutoFlush = true };
        await writer.WriteLineAsync("label bar-left");
        var ok = await reader.ReadLineAsync();
        await writer.WriteLineAsync("label up");
        var refused = await reader.ReadLineAsync();
        run.Stop();
        await running.WaitAsync(TimeSpan.FromSeconds(30));
        run.Dispose();

        Assert.Equal("""{"kind":"command","command":"label bar-left","ok":true,"origin":"socket"}""", ok);
        Assert.StartsWith("""{"kind":"command","command":"label up","ok":false,"error":"label: no class""", refused, StringComparison.Ordinal);
        Assert.Equal(1, run.TaughtClass);
        Assert.False(File.Exists(path)); // the socket file goes with the run
    }

    [Fact]
    public void A_checkpoint_keeps_its_class_names_and_a_run_with_other_classes_is_refused()
    {
        using var temp = new TempFolder();
        var state = temp.File("state");
        using (var first = OnlineRun.Open(new RunOptions { Source = "sim:bar-right@1s,bar-left@1s", Checkpoint = state, Duration = TimeSpan.FromMilliseconds(300) }))
        {
            first.Run();
        }

        var error = Assert.Throws<UserInputException>(() => OnlineRun.Open(new RunOptions { Source = "sim:bar-up@1s,bar-down@1s", Checkpoint = state }));
        using var again = OnlineRun.Open(new RunOptions { Source = "sim:bar-right@2s,bar-left@2s", Checkpoint = state });
        using var inferOnCamera = OnlineRun.Open(new RunOptions { Source = "sim:bar-right", Mode = RunMode.Infer, Checkpoint = state });

        Assert.Contains("it learned the classes [bar-right, bar-left], this run has [bar-up, bar-down]", error.Message, StringComparison.Ordinal);
        Assert.Equal(["bar-right", "bar-left"], again.Classes);
        Assert.Equal(["bar-right", "bar-left"], inferOnCamera.Classes); // a scene that says no classes: the checkpoint's
        Assert.StartsWith("resumed from", inferOnCamera.Started.Start, StringComparison.Ordinal);
    }
}
