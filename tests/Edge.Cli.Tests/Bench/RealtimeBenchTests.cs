using System.Text.Json;
using Edge.Cli.Tests.Support;
using Edge.Runtime.Specs;

namespace Edge.Cli.Tests.Bench;

[Collection("cli")]
public class RealtimeBenchTests
{
    [Fact]
    public void Realtime_rows_give_a_verdict_against_10_ms_bins_and_the_measured_peak()
    {
        var r = EdgeCli.Run("bench", "--kind", "realtime", "--quick", "--json");
        Assert.True(r.ExitCode == 0, r.Stderr + r.Stdout);
        var rows = r.StdoutLines.Select(l => JsonDocument.Parse(l).RootElement).ToArray();
        var peaks = rows.Where(x => x.GetProperty("kind").GetString() == "peak").ToArray();
        Assert.Equal(Environment.ProcessorCount > 1 ? 2 : 1, peaks.Length);
        Assert.Equal(1, peaks[0].GetProperty("threads").GetInt32());
        Assert.True(peaks[0].GetProperty("gflops").GetDouble() > 0);

        var verdicts = rows.Where(x => x.GetProperty("kind").GetString() == "realtime").ToArray();
        var threads = Environment.ProcessorCount > 1 ? new[] { 1, Environment.ProcessorCount } : [1];
        Assert.Equal(["demo", "nmnist-small"], verdicts.Select(x => x.GetProperty("network").GetString()).Distinct());
        foreach (var network in new[] { "demo", "nmnist-small" })
        {
            Assert.Equal(threads, verdicts.Where(x => x.GetProperty("network").GetString() == network).Select(x => x.GetProperty("threads").GetInt32()));
        }
        foreach (var row in verdicts)
        {
            foreach (var key in new[] { "task", "T", "T_l", "threads", "bin_ms", "steps_per_s", "required_steps_per_s", "headroom", "realtime",
                         "sample_ms_median", "sample_ms_max", "events_per_s", "macs_per_step", "gflops_dense", "peak_gflops", "fraction_of_peak" })
            {
                Assert.True(row.TryGetProperty(key, out _), $"missing key {key}");
            }
            Assert.Equal(100, row.GetProperty("required_steps_per_s").GetDouble());
            var steps = row.GetProperty("steps_per_s").GetDouble();
            Assert.Equal(steps >= 100, row.GetProperty("realtime").GetBoolean());
            Assert.Equal(peaks[0].GetProperty("gflops").GetDouble(), row.GetProperty("peak_gflops").GetDouble());
            Assert.True(row.GetProperty("events_per_s").GetDouble() > 0);
            Assert.Equal(0, row.GetProperty("alloc_bytes").GetInt64());
        }
        // Dense MACs of a learning step of the demo network: forward every step, plus the
        // learning signal and weight update on T_l of the T steps.
        var demo = verdicts[0];
        Assert.True(demo.GetProperty("macs_per_step").GetInt64() >= DenseForwardMacs(NetworkCatalog.Load("demo")));
    }

    [Fact]
    public void A_network_without_a_fitting_simulated_task_is_one_line_exit_2()
    {
        var r = EdgeCli.Run("bench", "--kind", "realtime", "--network", "shd-rec", "--quick");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("realtime rows need a [2, H, W] input", Assert.Single(r.StderrLines), StringComparison.Ordinal);
    }

    private static long DenseForwardMacs(NetworkSpec spec)
    {
        long macs = 0;
        for (var i = 0; i < spec.Layers.Count; i++)
        {
            var layer = spec.Layers[i];
            var output = spec.Shapes[i];
            macs += layer.Kind switch
            {
                LayerKind.Conv2d => (long)output.Size * layer.In * layer.Kernel * layer.Kernel,
                LayerKind.Linear or LayerKind.ReadoutLinear => (long)layer.In * layer.Out,
                _ => 0,
            };
        }
        return macs;
    }
}
