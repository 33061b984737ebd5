using System.Text.Json;
using Edge.Cli.Tests.Support;

namespace Edge.Cli.Tests;

[Collection("cli")]
public class CompareVerbTests
{
    [Fact]
    public void Dry_rows_carry_bytes_and_macs_and_only_bptt_state_grows_with_T()
    {
        var r = EdgeCli.Run("compare", "--network", "nmnist-small", "--steps", "10,20", "--rules", "stllr,bptt", "--dry", "--json");
        Assert.Equal(0, r.ExitCode);
        var rows = r.StdoutLines.Select(l => JsonDocument.Parse(l).RootElement)
            .Where(e => e.TryGetProperty("rule", out _)).ToArray();
        foreach (var row in rows)
        {
            foreach (var key in new[] { "rule", "network", "T", "T_l", "learning_state_bytes", "macs_forward", "macs_learning_signal", "macs_weight_update", "ms_per_sample" })
            {
                Assert.True(row.TryGetProperty(key, out _), $"missing key {key} in {row}");
            }
            Assert.Equal(JsonValueKind.Null, row.GetProperty("ms_per_sample").ValueKind);
        }
        long State(string rule, int t) => rows.Single(x => x.GetProperty("rule").GetString() == rule && x.GetProperty("T").GetInt32() == t)
            .GetProperty("learning_state_bytes").GetInt64();
        Assert.Equal(State("stllr", 10), State("stllr", 20));
        Assert.True(State("bptt", 20) > State("bptt", 10));
        Assert.True(State("bptt", 20) > 5 * State("stllr", 20));
    }

    [Fact]
    public void Eprop_rows_are_left_out_where_eprop_is_ottt_and_the_output_says_so()
    {
        static string[] Rules(CliResult r) => [.. r.StdoutLines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("rule").GetString()!).Distinct()];

        // Version 1 of nmnist-small has a stateless readout (version 2's integrates over time).
        var stateless = EdgeCli.Run("compare", "--network", "nmnist-small@1", "--steps", "10", "--rules", "ottt,eprop", "--dry", "--json");
        Assert.Equal(0, stateless.ExitCode);
        Assert.Equal(["ottt"], Rules(stateless));
        Assert.Contains(stateless.StderrLines, l => l.StartsWith("edge: eprop is ottt on nmnist-small@1", StringComparison.Ordinal));

        var alone = EdgeCli.Run("compare", "--network", "nmnist-small@1", "--steps", "10", "--rules", "eprop", "--dry", "--json");
        Assert.Equal(["eprop"], Rules(alone));

        var leaky = EdgeCli.Run("compare", "--network", "shd-rec", "--steps", "10", "--rules", "ottt,eprop", "--dry", "--json");
        Assert.Equal(0, leaky.ExitCode);
        Assert.Equal(["ottt", "eprop"], Rules(leaky));
        Assert.DoesNotContain(leaky.StderrLines, l => l.Contains("eprop is ottt", StringComparison.Ordinal));
    }
}
