using Edge.Cli.Tests.Support;
using Edge.TestSupport;

namespace Edge.Cli.Tests;

[Collection("cli")]
public class GoldenVerbTests
{
    [Fact]
    public void Every_golden_case_passes_or_reports_skip_with_the_exact_line_format()
    {
        var r = EdgeCli.Run("golden", SharedData.GoldenDir);
        Assert.Equal(0, r.ExitCode);
        var lines = r.StdoutLines;
        Assert.Matches(@"^\d+ passed, 0 failed, \d+ skipped$", lines[^1]);
        foreach (var line in lines[..^1])
        {
            Assert.Matches(@"^(PASS|SKIP)  \S+  (stllr-\S+|weight-standardization|bpsta-node)  worst=(\d+\.\d{3}|inf)$", line);
        }
        Assert.Equal(Directory.GetFiles(SharedData.GoldenDir, "*.json").Length, lines.Length - 1);
    }

    [Fact]
    public void A_corrupt_case_file_is_bad_input_with_one_line_naming_the_file()
    {
        var file = Path.Combine(Path.GetTempPath(), $"edge-golden-{Guid.NewGuid():N}.json");
        File.WriteAllText(file, "{ \"format\": \"edge-golden/1\", \"name\": \"x\", ");
        try
        {
            var r = EdgeCli.Run("golden", file);
            Assert.Equal(2, r.ExitCode);
            Assert.Single(r.StderrLines);
            Assert.Contains(file, r.Stderr, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", r.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void A_missing_path_is_bad_input()
    {
        var r = EdgeCli.Run("golden", "/nonexistent/golden");
        Assert.Equal(2, r.ExitCode);
        Assert.Single(r.StderrLines);
    }
}
