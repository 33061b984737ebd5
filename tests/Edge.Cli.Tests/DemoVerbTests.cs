using System.Text.Json;
using Edge.Cli.Tests.Support;

namespace Edge.Cli.Tests;

[Collection("cli")]
public class DemoVerbTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void The_demo_learns_the_motion_task_clearly_above_chance(int seed)
    {
        var r = EdgeCli.Run("demo", "--samples", "200", "--seed", seed.ToString(System.Globalization.CultureInfo.InvariantCulture), "--json");
        Assert.Equal(0, r.ExitCode);
        var summary = JsonDocument.Parse(Assert.Single(r.StdoutLines)).RootElement;
        // 8 classes: chance is 0.125. After 160 samples the last 40 are predicted well above it.
        Assert.True(summary.GetProperty("accuracy_last_20pct").GetDouble() >= 0.5, r.Stdout);
    }

    /// <summary>
    /// The demo's exact count over every step after the first sample is 0. As in
    /// <see cref="Edge.TestSupport.Allocations"/>, a run whose count jumped once (the runtime retiring
    /// the thread's allocation context on a busy machine) is tried again, up to three runs.
    /// </summary>
    [Fact]
    public void The_demo_allocates_nothing_per_step()
    {
        var least = long.MaxValue;
        for (var attempt = 0; attempt < 3 && least > 0; attempt++)
        {
            var r = EdgeCli.Run("demo", "--samples", "200", "--seed", "3", "--json");
            Assert.Equal(0, r.ExitCode);
            least = Math.Min(least, JsonDocument.Parse(Assert.Single(r.StdoutLines)).RootElement.GetProperty("alloc_bytes").GetInt64());
        }
        Assert.Equal(0, least);
    }

    [Fact]
    public void Sigterm_ends_the_demo_with_the_summary_so_far_and_exit_130()
    {
        using var edge = Run.EdgeProcess.Start(null, "demo", "--samples", "100000", "--json");
        Assert.True(edge.WaitForStderr("demo motion", TimeSpan.FromMinutes(2)), edge.Stderr);
        Thread.Sleep(1000);
        edge.Terminate();

        Assert.Equal(130, edge.WaitForExit(TimeSpan.FromSeconds(10)));
        var summary = JsonDocument.Parse(edge.Stdout.Trim()).RootElement;
        Assert.InRange(summary.GetProperty("samples").GetInt64(), 1, 99_999);
    }

    [Fact]
    public void The_json_summary_has_the_documented_keys_and_the_plot_is_a_real_png()
    {
        var plot = Path.Combine(Path.GetTempPath(), $"edge-demo-{Guid.NewGuid():N}.png");
        try
        {
            var r = EdgeCli.Run("demo", "--samples", "20", "--json", "--plot", plot);
            Assert.Equal(0, r.ExitCode);
            var summary = JsonDocument.Parse(Assert.Single(r.StdoutLines)).RootElement;
            foreach (var key in new[] { "task", "seed", "samples", "events", "accuracy_last_20pct", "steps_per_s", "alloc_bytes", "alloc_bytes_per_step", "learning_state_bytes", "memory_bytes", "events_dropped" })
            {
                Assert.True(summary.TryGetProperty(key, out _), $"missing key {key}");
            }
            Assert.Equal(20, summary.GetProperty("samples").GetInt64());
            Assert.Equal(JsonValueKind.Object, summary.GetProperty("memory_bytes").ValueKind);

            var (width, height, rgb) = PngFile.Read(File.ReadAllBytes(plot));
            Assert.True(width > 100 && height > 100);
            Assert.Contains(rgb, v => v != rgb[0]);
        }
        finally
        {
            File.Delete(plot);
        }
    }
}
