using System.Text.Json;
using Edge.Cli.Tests.Support;

namespace Edge.Cli.Tests;

[Collection("cli")]
public class FlowVerbTests
{
    [Fact]
    public void Json_lines_are_flow_rows_then_a_summary_with_the_documented_keys_and_the_plot_is_a_real_png()
    {
        var plot = Path.Combine(Path.GetTempPath(), $"edge-flow-{Guid.NewGuid():N}.png");
        try
        {
            var r = EdgeCli.Run("flow", "--samples", "40", "--every", "10", "--json", "--plot", plot);
            Assert.Equal(0, r.ExitCode);
            Assert.Equal(5, r.StdoutLines.Length);
            for (var i = 0; i < 4; i++)
            {
                var row = JsonDocument.Parse(r.StdoutLines[i]).RootElement;
                Assert.Equal("flow", row.GetProperty("kind").GetString());
                Assert.Equal(10 * (i + 1), row.GetProperty("samples").GetInt64());
                foreach (var key in new[] { "aee", "aee_zero_flow", "aee_mean_flow", "outlier_fraction", "loss" })
                {
                    Assert.Equal(JsonValueKind.Number, row.GetProperty(key).ValueKind);
                }
            }
            var summary = JsonDocument.Parse(r.StdoutLines[4]).RootElement;
            Assert.Equal("flow-summary", summary.GetProperty("kind").GetString());
            foreach (var key in new[] { "aee", "aee_zero_flow", "aee_mean_flow", "outlier_fraction", "samples", "aee_last_20pct", "network", "rule", "alloc_bytes", "memory_bytes" })
            {
                Assert.True(summary.TryGetProperty(key, out _), $"missing key {key}");
            }
            Assert.Equal(40, summary.GetProperty("samples").GetInt64());
            Assert.Equal("flow-unet", summary.GetProperty("network").GetString());
            Assert.Equal("stllr", summary.GetProperty("rule").GetString());
            Assert.Equal(0, summary.GetProperty("alloc_bytes").GetInt64());

            var (width, height, rgb) = PngFile.Read(File.ReadAllBytes(plot));
            Assert.True(width > 600 && height > 300);
            Assert.Contains(rgb, v => v != rgb[0]);
        }
        finally
        {
            File.Delete(plot);
        }
    }

    [Theory]
    [InlineData("--network", "demo", "edge: --network: 'demo' does not end with a readout-flow layer; edge flow learns flow networks (default flow-unet)")]
    [InlineData("--source", "mvsec:/nowhere/seq_data.hdf5", "edge: /nowhere/seq_data.hdf5: no such file")]
    [InlineData("--rule", "eprop", "edge: --rule: the eprop rule learns class labels only; a loss on the output (flow) is learned with stllr or bptt")]
    public void Bad_input_is_exit_2_with_one_line(string option, string value, string line)
    {
        var r = EdgeCli.Run("flow", option, value, "--samples", "3");
        Assert.Equal(2, r.ExitCode);
        Assert.Equal(line, Assert.Single(r.StderrLines));
        Assert.Empty(r.Stdout);
    }

    [Fact]
    public void Edge_accel_names_the_flow_layers_the_chip_model_cannot_map_in_one_line()
    {
        var r = EdgeCli.Run("accel", "--network", "flow-unet");
        Assert.Equal(2, r.ExitCode);
        Assert.Equal("edge: $.layers[4]: the accelerator model has no form for add, conv-transpose2d, concat, upsample-nearest, readout-flow " +
            "(it maps conv2d, linear, linear-rec, pools, flatten, dropout and the classifying readouts); this network runs on the CPU runtime",
            Assert.Single(r.StderrLines));
        Assert.Empty(r.Stdout);
    }
}
