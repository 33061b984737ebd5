using System.Text.Json;
using Edge.Cli.Tests.Support;

namespace Edge.Cli.Tests;

[Collection("cli")]
public class CommandLineTests
{
    [Fact]
    public void Help_names_the_main_verbs()
    {
        var r = EdgeCli.Run("--help");
        Assert.Equal(0, r.ExitCode);
        foreach (var verb in new[] { "demo", "golden", "bench", "networks" })
        {
            Assert.Contains(verb, r.Stdout, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("no-such-verb")]
    [InlineData("demo", "--no-such-option")]
    [InlineData("demo", "--samples", "many")]
    [InlineData("bench", "--kind", "nothing")]
    public void Bad_arguments_are_exit_2_with_one_line(params string[] args)
    {
        var r = EdgeCli.Run(args);
        Assert.Equal(2, r.ExitCode);
        Assert.Single(r.StderrLines);
    }

    [Fact]
    public void An_invalid_network_spec_names_the_file_and_the_json_path()
    {
        var file = Path.Combine(Path.GetTempPath(), $"edge-spec-{Guid.NewGuid():N}.json");
        File.WriteAllText(file, """{ "input_shape": [2, 8, 8], "classes": 3, "layers": [ { "type": "conv2d", "in_channels": 2, "out_channels": 4, "kernell": 3 } ] }""");
        try
        {
            var r = EdgeCli.Run("demo", "--network", file, "--samples", "1");
            Assert.Equal(2, r.ExitCode);
            var line = Assert.Single(r.StderrLines);
            Assert.Contains(file, line, StringComparison.Ordinal);
            Assert.Contains("$.layers[0].kernell", line, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Networks_json_lists_every_built_in_network()
    {
        var r = EdgeCli.Run("networks", "--json");
        Assert.Equal(0, r.ExitCode);
        var names = r.StdoutLines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("name").GetString()).ToArray();
        Assert.Contains("demo", names);
        Assert.Contains("nmnist-small", names);
        Assert.Contains("gesture-vgg", names);
        Assert.Contains("shd-rec", names);
    }
}
