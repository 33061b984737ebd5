using System.Diagnostics;
using System.Text.Json;
using Xunit.Abstractions;

namespace Edge.Cli.Tests.Run;

/// <summary>
/// A teacher on stdin, as a person at a terminal would be: watches what the simulated camera shows
/// now (the schedule, placed in time by the last prediction line), types <c>label NAME</c> when it
/// changes, then switches the board to inference and checks that it now tells the classes apart on
/// its own. Teaching and judging are counted in windows, not seconds, so a busy machine that learns
/// fewer windows per second gets as many.
/// </summary>
[Collection("cli")]
public sealed class TeachProcessTests(ITestOutputHelper output)
{
    private const int TaughtWindows = 50;
    private const int JudgedWindows = 25;
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(180);

    [Fact]
    public void A_board_taught_over_stdin_predicts_the_class_shown_once_teaching_stops()
    {
        using var edge = EdgeProcess.Start(null, "run", "--source", "sim:bar-right@1s,bar-left@1s", "--realtime", "--labels", "stdin", "--json",
            "--metrics-every", "2s");
        var clock = Stopwatch.StartNew();
        string? taught = null;
        long lastEndUs = -1;
        var seenAt = TimeSpan.Zero;
        while (Learned(edge.Stdout) < TaughtWindows && clock.Elapsed < HangGuard && !edge.HasExited)
        {
            if (LastPredictionEnd(edge.Stdout) is { } end && end != lastEndUs)
            {
                (lastEndUs, seenAt) = (end, clock.Elapsed);
            }
            if (lastEndUs >= 0)
            {
                // What will be shown when the next window starts: a teacher who sees a switch coming labels it in time.
                var soonUs = lastEndUs + (long)(clock.Elapsed - seenAt).TotalMicroseconds + 150_000;
                var shown = soonUs / 1_000_000 % 2 == 0 ? "bar-right" : "bar-left";
                if (shown != taught)
                {
                    edge.Send("label " + shown);
                    taught = shown;
                }
            }
            Thread.Sleep(10);
        }
        edge.Send("mode infer");
        edge.Send("label -");
        edge.Send("label nothing-like-this");
        while (Untaught(edge.Stdout).Count < JudgedWindows && clock.Elapsed < HangGuard && !edge.HasExited)
        {
            Thread.Sleep(50);
        }
        edge.Terminate();
        var code = edge.WaitForExit(TimeSpan.FromSeconds(10));
        output.WriteLine($"taught {TaughtWindows} windows and judged {JudgedWindows} in {clock.Elapsed.TotalSeconds:0.0} s");

        Assert.True(code == 130, edge.Stderr);
        var lines = Lines(edge.Stdout);
        var commands = lines.Where(l => l.GetProperty("kind").GetString() == "command").ToList();
        Assert.True(commands.Count >= 6, $"{commands.Count} command lines");
        Assert.All(commands.SkipLast(1), c => Assert.True(c.GetProperty("ok").GetBoolean(), c.ToString()));
        Assert.False(commands[^1].GetProperty("ok").GetBoolean());
        Assert.StartsWith("label: no class 'nothing-like-this'", commands[^1].GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal("infer", lines.Last(l => l.GetProperty("kind").GetString() == "metrics").GetProperty("mode").GetString());

        var untaught = Untaught(edge.Stdout);
        var right = untaught.Count(l => l.GetProperty("class").GetString() == l.GetProperty("truth").GetString());
        output.WriteLine($"{right} of {untaught.Count} untaught windows predicted as the class shown");
        Assert.True(untaught.Count >= JudgedWindows, $"{untaught.Count} untaught windows");
        Assert.True(right >= 0.8 * untaught.Count, $"{right} of {untaught.Count} untaught windows predicted as the class shown");
    }

    /// <summary>Prediction lines after the <c>mode infer</c> acknowledgement with no label and a known truth.</summary>
    private static List<JsonElement> Untaught(string stdout)
    {
        var lines = Lines(stdout);
        var switched = lines.FindIndex(l => l.GetProperty("kind").GetString() == "command" && l.GetProperty("command").GetString() == "mode infer");
        return switched < 0 ? [] : [.. lines.Skip(switched).Where(l => l.GetProperty("kind").GetString() == "prediction"
            && l.GetProperty("label").ValueKind == JsonValueKind.Null && l.GetProperty("truth").ValueKind == JsonValueKind.String)];
    }

    /// <summary>Prediction lines of learned windows (counted without parsing: this runs every few milliseconds).</summary>
    private static int Learned(string stdout)
    {
        var count = 0;
        for (var at = stdout.IndexOf("\"learned\":true", StringComparison.Ordinal); at >= 0; at = stdout.IndexOf("\"learned\":true", at + 1, StringComparison.Ordinal))
        {
            count++;
        }
        return count;
    }

    private static long? LastPredictionEnd(string stdout)
    {
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        for (var i = lines.Length - 1; i >= 0; i--)
        {
            if (lines[i].Contains("\"kind\":\"prediction\"", StringComparison.Ordinal))
            {
                return JsonDocument.Parse(lines[i]).RootElement.GetProperty("t_end_us").GetInt64();
            }
        }
        return null;
    }

    private static List<JsonElement> Lines(string stdout) =>
        [.. stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement)];
}
