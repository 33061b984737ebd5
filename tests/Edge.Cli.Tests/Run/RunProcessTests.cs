using System.Text.Json;
using Edge.Runtime;
using Edge.Runtime.Checkpoints;
using Edge.Runtime.Learning.Stllr;
using Edge.Runtime.Specs;
using Xunit.Abstractions;

namespace Edge.Cli.Tests.Run;

/// <summary><c>edge run</c> as a service runs it: a separate process, real time, signals, a second run resuming.</summary>
[Collection("cli")]
public sealed class RunProcessTests(ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromMinutes(3);

    /// <summary>A stop that takes longer than this is a hang (measured stops are reported).</summary>
    private static readonly TimeSpan StopGuard = TimeSpan.FromSeconds(10);
    private readonly string _dir = Directory.CreateTempSubdirectory("edge-run-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void A_20_s_run_leaves_a_complete_checkpoint_and_the_next_run_resumes_from_it()
    {
        var checkpoint = Path.Combine(_dir, "state");
        var first = EdgeProcess.Run(HangGuard, null, "run", "--source", "sim:", "--checkpoint", checkpoint, "--duration", "20s", "--metrics-every", "5s", "--json");
        Assert.True(first.Code == 0, first.Stderr);
        var one = Summary(first.Stdout);
        Assert.Equal("duration", one.GetProperty("stopped").GetString());
        Assert.True(one.GetProperty("samples").GetInt64() > 0);
        Assert.True(Rows(first.Stdout, "metrics").Count >= 3, first.Stdout);
        AssertRestorable(checkpoint, one.GetProperty("samples_total").GetInt64());

        var second = EdgeProcess.Run(HangGuard, null, "run", "--source", "sim:", "--checkpoint", checkpoint, "--duration", "3s", "--json");
        Assert.True(second.Code == 0, second.Stderr);
        var two = Summary(second.Stdout);
        Assert.Contains("resumed from " + Path.Combine(checkpoint, "checkpoint-00000001.safetensors"), second.Stderr, StringComparison.Ordinal); // the first run saved once, at exit
        Assert.Equal(one.GetProperty("samples_total").GetInt64(), two.GetProperty("resumed_from_samples").GetInt64());
        Assert.Equal(one.GetProperty("samples_total").GetInt64() + two.GetProperty("samples").GetInt64(), two.GetProperty("samples_total").GetInt64());
        Assert.Equal(2, two.GetProperty("run").GetInt32());
        Assert.Equal(two.GetProperty("samples_total").GetInt64(), two.GetProperty("optimizer_steps").GetInt64()); // one Adam step per sample, continued
        AssertRestorable(checkpoint, two.GetProperty("samples_total").GetInt64());
    }

    [Fact]
    public void Sigterm_finishes_the_sample_saves_the_checkpoint_and_exits_130()
    {
        var checkpoint = Path.Combine(_dir, "state");
        using var edge = EdgeProcess.Start(null, "run", "--source", "sim:", "--checkpoint", checkpoint, "--metrics-every", "1s", "--json");
        Assert.True(edge.WaitForStderr("events dropped", HangGuard), edge.Stderr);
        var stopping = System.Diagnostics.Stopwatch.StartNew();
        edge.Terminate();
        Assert.Equal(130, edge.WaitForExit(StopGuard));
        output.WriteLine($"stopped {stopping.Elapsed.TotalSeconds:0.00} s after SIGTERM (window abandoned, checkpoint saved)");
        var summary = Summary(edge.Stdout);
        Assert.Equal("SIGTERM", summary.GetProperty("stopped").GetString());
        Assert.Equal(1, summary.GetProperty("checkpoint_saves").GetInt32());
        Assert.Empty(Directory.GetFiles(checkpoint, "*.tmp"));
        AssertRestorable(checkpoint, summary.GetProperty("samples_total").GetInt64());
    }

    [Fact]
    public void Settings_come_from_defaults_then_the_file_then_the_environment_then_the_command_line()
    {
        var file = Path.Combine(_dir, "edge.json");
        var labels = Path.Combine(_dir, "x.csv");
        File.WriteAllText(labels, "0,10,a\n10,20,b\n");
        File.WriteAllText(file, $$"""{ "source": "file:rec.aedat4", "seed": 4, "duration": "1m", "metrics_every": "30s", "labels": "{{labels}}" }""");
        var env = new Dictionary<string, string> { ["EDGE_SEED"] = "7", ["EDGE_METRICS_EVERY"] = "3s", ["EDGE_RING"] = "4096" };
        var r = EdgeProcess.Run(HangGuard, env, "run", "--config", file, "--print-config", "--duration", "5s", "--ring", "2048", "--threads", "3");
        Assert.True(r.Code == 0, r.Stderr);
        var config = JsonDocument.Parse(r.Stdout).RootElement;
        Assert.Equal("file:rec.aedat4", config.GetProperty("source").GetString()); // file
        Assert.Equal(labels, config.GetProperty("labels").GetString());            // file
        Assert.Equal(7, config.GetProperty("seed").GetInt32());                    // environment over file
        Assert.Equal("3s", config.GetProperty("metrics_every").GetString());       // environment over file
        Assert.Equal("5s", config.GetProperty("duration").GetString());            // command line over file
        Assert.Equal(2048, config.GetProperty("ring").GetInt32());                 // command line over environment
        Assert.Equal("5m", config.GetProperty("checkpoint_every").GetString());    // default
        Assert.Equal(3, config.GetProperty("threads").GetInt32());                 // command line
    }

    private static void AssertRestorable(string folder, long samples)
    {
        var store = new CheckpointStore(folder);
        var info = store.ReadInfo()!;
        Assert.Equal(samples, info.Progress.Samples);
        var spec = NetworkCatalog.Load("demo").WithClasses(8);
        var learner = new StllrLearner(Network.Build(spec, new NetworkOptions(1, Learning: true, Seed: info.Seed)));
        store.Restore(learner); // checksum, network and every shape
        Assert.Equal(info.OptimizerSteps, learner.Optimizer.Steps);
    }

    private static JsonElement Summary(string stdout) => Assert.Single(Rows(stdout, "run"));

    private static List<JsonElement> Rows(string stdout, string kind)
    {
        var rows = new List<JsonElement>();
        foreach (var line in stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var row = JsonDocument.Parse(line).RootElement;
            if (row.GetProperty("kind").GetString() == kind)
            {
                rows.Add(row);
            }
        }
        return rows;
    }
}
