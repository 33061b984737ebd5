using Edge.Host.Measurement;
using Edge.Runtime.Checkpoints;
using System.Text.Json;
using Edge.Cli.Tests.Support;

namespace Edge.Cli.Tests;

[Collection("cli")]
public class BenchVerbTests
{
    [Fact]
    public void Network_rows_carry_the_convention_keys_allocate_nothing_and_keep_learning_state_independent_of_T()
    {
        long? stateAt10 = null;
        foreach (var steps in new[] { "10", "100" })
        {
            var r = EdgeCli.Run("bench", "--json", "--network", "nmnist-small", "--steps", steps, "--quick");
            Assert.Equal(0, r.ExitCode);
            var rows = r.StdoutLines.Select(l => JsonDocument.Parse(l).RootElement).ToArray();
            Assert.Equal(2, rows.Length);
            foreach (var row in rows)
            {
                foreach (var key in new[] { "kind", "impl", "network", "mode", "T", "T_l", "threads", "ms_per_step_median", "ms_per_sample_median", "samples", "alloc_bytes", "alloc_bytes_per_step", "learning_state_bytes", "param_bytes", "grad_bytes", "optimizer_bytes", "peak_rss_mb", "baseline_rss_mb", "spike_rates", "input", "input_density", "parameters", "synops_per_step", "macs_per_step" })
                {
                    Assert.True(row.TryGetProperty(key, out _), $"missing key {key}");
                }
                Assert.Equal("network", row.GetProperty("kind").GetString());
                Assert.Equal(0, row.GetProperty("alloc_bytes").GetInt64());
            }
            var train = rows.Single(x => x.GetProperty("mode").GetString() == "train");
            var state = train.GetProperty("learning_state_bytes").GetInt64();
            Assert.Equal(stateAt10 ?? state, state);
            stateAt10 = state;
        }
    }

    [Theory]
    [InlineData("motion")]
    [InlineData("nmnist-sample")]
    public void Network_rows_on_real_events_say_what_they_were_fed_and_how_big_the_network_is(string input)
    {
        var r = EdgeCli.Run("bench", "--json", "--network", "nmnist-small", "--mode", "infer", "--quick", "--input", input);

        Assert.Equal(0, r.ExitCode);
        var row = JsonDocument.Parse(Assert.Single(r.StdoutLines)).RootElement;
        Assert.Equal(input, row.GetProperty("input").GetString());
        Assert.Equal(33_802, row.GetProperty("parameters").GetInt64());
        Assert.True(row.GetProperty("synops_per_step").GetDouble() > 0);
        Assert.True(row.GetProperty("macs_per_step").GetInt64() > row.GetProperty("synops_per_step").GetDouble());
        Assert.InRange(row.GetProperty("input_density").GetDouble(), 0.0001, 0.5);
    }

    [Fact]
    public void Frames_out_writes_the_frames_the_rows_were_fed()
    {
        var path = Path.Combine(Path.GetTempPath(), $"edge-bench-frames-{Guid.NewGuid():N}.safetensors");
        try
        {
            var r = EdgeCli.Run("bench", "--json", "--network", "nmnist-small", "--mode", "infer", "--quick", "--input", "motion", "--frames-out", path);

            Assert.Equal(0, r.ExitCode);
            var row = JsonDocument.Parse(Assert.Single(r.StdoutLines)).RootElement;
            using var file = SafetensorsFile.Open(path);
            Assert.Equal(BenchFrames.Format, file.Metadata["format"]);
            Assert.Equal("motion", file.Metadata["input"]);
            Assert.Equal("1", file.Metadata["warmup"]);
            Assert.Equal(row.GetProperty("samples").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture), file.Metadata["samples"]);
            var frames = file.Find("frames")!;
            Assert.Equal([3, row.GetProperty("T").GetInt32(), 2, 34, 34], frames.Shape);
            Assert.Equal([3], file.Find("labels")!.Shape);
            var values = file.Read(frames);
            var nonZero = 0;
            foreach (var v in values)
            {
                nonZero += v != 0f ? 1 : 0;
            }
            Assert.Equal(row.GetProperty("input_density").GetDouble(), Math.Round(nonZero / (double)values.Length, 4));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Frames_out_without_one_network_is_a_usage_error()
    {
        var r = EdgeCli.Run("bench", "--frames-out", Path.Combine(Path.GetTempPath(), "never-written.safetensors"));

        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--frames-out", Assert.Single(r.StderrLines), StringComparison.Ordinal);
    }

    [Fact]
    public void A_row_that_allocated_in_its_timed_region_is_counted_for_the_exit_code()
    {
        var rows = new List<IBenchRow>();
        var context = new BenchContext { Sink = rows.Add };
        var clean = new RealtimeRow { Network = "demo", Task = "motion", AllocBytes = 0, AllocBytesPerStep = 0 };
        context.Emit(clean);
        Assert.Equal(0, context.AllocatingRows);
        // 7 bytes over 20 samples of 20 steps: alloc_bytes_per_step rounds it to 0, alloc_bytes does not.
        context.Emit(clean with { AllocBytes = 7 });

        Assert.Equal(1, context.AllocatingRows);
        Assert.Equal(2, rows.Count);
    }
}
