using System.Globalization;
using System.Text.Json;
using Edge.Cli.Tests.Run;
using Xunit.Abstractions;

namespace Edge.Cli.Tests.Reliability;

/// <summary>
/// Weeks of learning keep memory flat: <c>edge run --source sim: --checkpoint DIR</c> for 60 s (a
/// checkpoint every 5 s); after 10 s of warm-up the process's resident memory grows by at most
/// 2 MiB and its managed heap by at most 1 MiB, and the metrics keep moving. The figures come from
/// the run's own metrics lines (<c>rss_bytes</c>, <c>managed_heap_bytes</c>).
/// </summary>
[Collection("timing")]
public sealed class SoakTests(ITestOutputHelper output) : IDisposable
{
    private const long MiB = 1 << 20;
    private readonly string _dir = Directory.CreateTempSubdirectory("edge-soak-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void A_minute_of_learning_keeps_memory_flat_and_the_metrics_moving()
    {
        var r = EdgeProcess.Run(TimeSpan.FromMinutes(3), null, "run", "--source", "sim:", "--checkpoint", Path.Combine(_dir, "state"),
            "--duration", "60s", "--metrics-every", "5s", "--checkpoint-every", "5s", "--json");
        Assert.True(r.Code == 0, r.Stderr);
        var rows = r.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonDocument.Parse(l).RootElement)
            .Where(e => e.GetProperty("kind").GetString() == "metrics")
            .ToList();
        var warm = rows.Where(e => e.GetProperty("elapsed_s").GetDouble() >= 10).ToList();
        Assert.True(warm.Count >= 9, $"only {warm.Count} metrics lines after the warm-up");
        var rss = warm.Select(e => e.GetProperty("rss_bytes").GetInt64()).ToList();
        var heap = warm.Select(e => e.GetProperty("managed_heap_bytes").GetInt64()).ToList();
        var samples = warm.Select(e => e.GetProperty("samples").GetInt64()).ToList();
        var rssGrowth = rss.Max() - rss[0];
        var heapGrowth = heap.Max() - heap[0];
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"after 10 s: RSS {rss[0] / (double)MiB:0.00} MiB, growth {rssGrowth / 1024.0:0} KiB; managed heap {heap[0] / (double)MiB:0.00} MiB, growth {heapGrowth / 1024.0:0} KiB; samples {samples[0]} -> {samples[^1]} over {warm.Count} lines"));
        Assert.True(rssGrowth <= 2 * MiB, $"RSS grew by {rssGrowth} bytes after the warm-up");
        Assert.True(heapGrowth <= MiB, $"the managed heap grew by {heapGrowth} bytes after the warm-up");
        for (var i = 1; i < samples.Count; i++)
        {
            Assert.True(samples[i] > samples[i - 1], $"the metrics stopped moving at line {i}: {samples[i - 1]} then {samples[i]} samples");
        }
    }
}
