using System.Diagnostics;
using System.Text.Json;
using Edge.Cli.Tests.Run;

namespace Edge.Host.Web.Tests.Support;

/// <summary>The page's URL from the started line of <c>edge run --json --http</c>.</summary>
internal static class StartedLine
{
    public static async Task<string> Url(EdgeProcess edge, TimeSpan patience)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < patience && !edge.HasExited)
        {
            foreach (var line in edge.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                using var json = JsonDocument.Parse(line);
                if (json.RootElement.GetProperty("kind").GetString() == "started")
                {
                    return json.RootElement.GetProperty("http").GetString()!;
                }
            }
            await Task.Delay(100);
        }
        throw new InvalidOperationException("no started line; stderr: " + edge.Stderr);
    }
}
