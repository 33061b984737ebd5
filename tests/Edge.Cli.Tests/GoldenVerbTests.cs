using Edge.Cli.Tests.Support;
using Edge.TestSupport;

namespace Edge.Cli.Tests;

[Collection("cli")]
public class GoldenVerbTests
{
    [Fact]
    public void Every_golden_case_passes_with_the_exact_line_format()
    {
        var r = EdgeCli.Run("golden", SharedData.GoldenDir);
        Assert.Equal(0, r.ExitCode);
        var lines = r.StdoutLines;
        Assert.Matches(@"^\d+ passed, 0 failed, 0 skipped$", lines[^1]);
        foreach (var line in lines[..^1])
        {
            Assert.Matches(@"^PASS  \S+  (stllr-\S+|weight-standardization|bpsta-node)  worst=(\d+\.\d{3}|inf)$", line);
        }
        Assert.Equal(Directory.GetFiles(SharedData.GoldenDir, "*.json").Length, lines.Length - 1);
    }

    [Fact]
    public void A_skipped_case_fails_the_run_unless_skips_are_allowed()
    {
        var file = Path.Combine(Path.GetTempPath(), $"edge-golden-{Guid.NewGuid():N}.json");
        File.WriteAllText(file, """
            { "format": "edge-golden/1", "name": "future", "kind": "stllr-future", "config": {},
              "inputs": {}, "expected": {}, "tolerance": { "abs": 1e-6, "rel": 1e-5 } }
            """);
        try
        {
            var strict = EdgeCli.Run("golden", file);
            Assert.Equal(1, strict.ExitCode);
            Assert.Equal("0 passed, 0 failed, 1 skipped", strict.StdoutLines[^1]);
            Assert.Contains("skipped", Assert.Single(strict.StderrLines), StringComparison.Ordinal);

            var allowed = EdgeCli.Run("golden", file, "--allow-skip");
            Assert.Equal(0, allowed.ExitCode);
            Assert.Empty(allowed.StderrLines);
        }
        finally
        {
            File.Delete(file);
        }
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
