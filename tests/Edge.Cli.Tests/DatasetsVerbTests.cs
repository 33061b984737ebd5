using System.Text.Json;
using Edge.Cli.Tests.Support;
using Edge.TestSupport;

namespace Edge.Cli.Tests;

[Collection("cli")]
public sealed class DatasetsVerbTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"edge-datasets-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Fact]
    public void Make_then_stats_then_baselines_print_one_json_row_each()
    {
        var folder = Path.Combine(_root, "digits");
        var make = EdgeCli.Run("datasets", "make", "nmnist-digits", "--out", folder, "--scale", "0.02", "--seed", "3", "--json");
        Assert.Equal(0, make.ExitCode);
        var row = JsonDocument.Parse(Assert.Single(make.StdoutLines)).RootElement;
        Assert.Equal("nmnist-digits", row.GetProperty("set").GetString());
        Assert.Equal("default", row.GetProperty("variant").GetString());
        Assert.Equal("nmnist", row.GetProperty("layout").GetString());
        Assert.Equal(10, row.GetProperty("train_samples").GetInt32());
        Assert.Equal(10, row.GetProperty("test_samples").GetInt32());

        var stats = EdgeCli.Run("datasets", "stats", "--dataset", "nmnist:" + folder, "--json");
        Assert.Equal(0, stats.ExitCode);
        Assert.Equal(["train", "test"], stats.StdoutLines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("split").GetString()));

        var baselines = EdgeCli.Run("datasets", "baselines", "--dataset", "nmnist:" + folder, "--json");
        Assert.Equal(0, baselines.ExitCode);
        var rows = baselines.StdoutLines.Select(l => JsonDocument.Parse(l).RootElement).ToArray();
        Assert.Equal(["softmax", "knn3"], rows.Select(r => r.GetProperty("model").GetString()));
        Assert.All(rows, r => Assert.InRange(r.GetProperty("test_accuracy").GetDouble(), 0, 1));
        Assert.Equal(JsonValueKind.Null, rows[1].GetProperty("lambda").ValueKind);
    }

    [Fact]
    public void Stats_of_the_real_nmnist_sample_match_its_sources_file()
    {
        var sample = SharedData.Resolve("data", "samples", "nmnist", "sample_nmnist.bin");
        var result = EdgeCli.Run("datasets", "stats", sample, "--json");
        Assert.Equal(0, result.ExitCode);
        var row = JsonDocument.Parse(Assert.Single(result.StdoutLines)).RootElement;
        Assert.Equal(4325, row.GetProperty("events_mean").GetDouble());
        Assert.Equal(Math.Round(2145.0 / 2180, 4), row.GetProperty("on_off_ratio").GetDouble());
    }

    [Fact]
    public void A_folder_that_holds_files_is_refused_in_one_line_with_exit_2()
    {
        Directory.CreateDirectory(_root);
        File.WriteAllText(Path.Combine(_root, "keep.txt"), "mine");
        var result = EdgeCli.Run("datasets", "make", "gestures", "--out", _root);
        Assert.Equal(2, result.ExitCode);
        var line = Assert.Single(result.StderrLines);
        Assert.Contains("not empty", line, StringComparison.Ordinal);
        Assert.Equal("mine", File.ReadAllText(Path.Combine(_root, "keep.txt")));
    }

    [Theory]
    [InlineData("datasets", "make", "nmnist-digits", "--out", "X", "--scale", "0")]
    [InlineData("datasets", "make", "faces", "--out", "X")]
    [InlineData("datasets", "make", "gestures", "--out", "X", "--variant", "bright")]
    [InlineData("datasets", "stats")]
    [InlineData("datasets", "baselines", "--dataset", "nmnist:/no/such/folder")]
    [InlineData("datasets", "baselines", "--dataset", "mnist:/data")]
    public void Bad_input_is_one_line_and_exit_2(params string[] args)
    {
        var result = EdgeCli.Run(args);
        Assert.Equal(2, result.ExitCode);
        Assert.Single(result.StderrLines);
        Assert.StartsWith("edge:", result.StderrLines[0], StringComparison.Ordinal);
    }
}
