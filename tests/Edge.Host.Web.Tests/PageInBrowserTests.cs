using System.Diagnostics;
using System.Text.Json;
using Edge.Cli.Tests.Run;
using Edge.Host.Web.Tests.Support;
using Edge.TestSupport;
using PuppeteerSharp;
using Xunit.Abstractions;

namespace Edge.Host.Web.Tests;

/// <summary>
/// The page in a real browser, as a person uses it: <c>edge run --labels page --http 127.0.0.1:0</c>
/// runs as a child process; headless chromium opens the URL of its started line, sees the event
/// frames change (ON and OFF colours in the canvas), the accuracy chart grow, teaches by holding a
/// class button, switches learning off, and saves a screenshot (the one in the README).
/// </summary>
public sealed class PageInBrowserTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(40);

    /// <summary>Where the screenshot goes: artifacts/page/edge-page.png (copied to docs/page.png for the README).</summary>
    public static string ScreenshotPath => System.IO.Path.Combine(SharedData.RepoRoot, "artifacts", "page", "edge-page.png");

    [Fact]
    public async Task A_browser_sees_the_run_live_teaches_it_and_switches_learning_off()
    {
        using var edge = EdgeProcess.Start(null, "run", "--source", "sim:bar-right@1s,bar-left@1s", "--realtime", "--labels", "page",
            "--http", "127.0.0.1:0", "--json", "--metrics-every", "1s", "--duration", "120s");
        var url = await StartedLine.Url(edge, Patience);
        output.WriteLine("page at " + url);
        using var profile = new TempFolder();
        await using var browser = await Chromium.Launch(profile.Path);
        await using var page = await browser.NewPageAsync();
        await page.SetViewportAsync(new ViewPortOptions { Width = 1280, Height = 1150 });
        await page.GoToAsync(url);

        // The event frames: ON and OFF colours in the canvas, twice, and the two frames differ.
        await WaitFor(page, "window.edgePage.framesDrawn >= 1");
        var first = await FrameColours(page);
        var drawn = await page.EvaluateExpressionAsync<int>("window.edgePage.framesDrawn");
        await WaitFor(page, $"window.edgePage.framesDrawn >= {drawn + 2}");
        var second = await FrameColours(page);
        output.WriteLine($"frame 1: {first.On} ON, {first.Off} OFF pixels; frame 2: {second.On} ON, {second.Off} OFF pixels");
        Assert.True(first.On > 0 && first.Off > 0, $"first frame: {first.On} ON and {first.Off} OFF pixels");
        Assert.True(second.On > 0 && second.Off > 0, $"second frame: {second.On} ON and {second.Off} OFF pixels");
        Assert.NotEqual(first.Pixels, second.Pixels);

        // The accuracy chart gains points as the run goes.
        await WaitFor(page, "Number(document.getElementById('accuracy').dataset.points) >= 1");
        var points = await ChartPoints(page);
        await WaitFor(page, $"Number(document.getElementById('accuracy').dataset.points) > {points + 1}");
        Assert.True(await ChartPoints(page) > points);

        // Holding a class button teaches that class; letting go stops teaching. The run acknowledges both.
        var button = await page.QuerySelectorAsync("button.teach[data-class='bar-right']");
        var box = await button.BoundingBoxAsync();
        await page.Mouse.MoveAsync(box.X + (box.Width / 2), box.Y + (box.Height / 2));
        await page.Mouse.DownAsync();
        await Task.Delay(2500);
        await page.Mouse.UpAsync();
        var taught = await Eventually(() => Commands(edge.Stdout).FirstOrDefault(c => c.Command == "label bar-right"));
        var stopped = await Eventually(() => Commands(edge.Stdout).FirstOrDefault(c => c.Command == "label -"));
        Assert.True(taught.Ok && taught.Origin == "page", taught.ToString());
        Assert.True(stopped.Ok && stopped.Origin == "page", stopped.ToString());
        await WaitFor(page, "[...document.querySelectorAll('#acks li')].some(li => li.textContent.startsWith('label bar-right (page): done'))");

        // Learning off: the next metrics line says mode infer.
        await page.ClickAsync("#mode-infer");
        var mode = await Eventually(() => Commands(edge.Stdout).FirstOrDefault(c => c.Command == "mode infer"));
        Assert.True(mode.Ok, mode.ToString());
        var metrics = JsonDocument.Parse(await Eventually(() => MetricsAfter(edge.Stdout, "mode infer"))).RootElement;
        Assert.Equal("infer", metrics.GetProperty("mode").GetString());
        Assert.True(metrics.GetProperty("page_frames_dropped").GetInt64() >= 0);
        await WaitFor(page, "document.getElementById('n-mode').textContent === 'infer'");

        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(ScreenshotPath)!);
        await page.ScreenshotAsync(ScreenshotPath, new ScreenshotOptions { FullPage = true });
        output.WriteLine("screenshot: " + ScreenshotPath);
        Assert.True(new FileInfo(ScreenshotPath).Length > 10_000);
        edge.Terminate();
        Assert.Equal(130, edge.WaitForExit(TimeSpan.FromSeconds(60)));
    }


    private static Task<IJSHandle> WaitFor(IPage page, string condition) =>
        page.WaitForFunctionAsync("() => " + condition, new WaitForFunctionOptions { Timeout = (int)Patience.TotalMilliseconds, PollingInterval = 100 });

    private static Task<int> ChartPoints(IPage page) => page.EvaluateExpressionAsync<int>("Number(document.getElementById('accuracy').dataset.points)");

    /// <summary>The frame canvas through getImageData: its ON-coloured and OFF-coloured pixels and all its bytes.</summary>
    private static async Task<(int On, int Off, string Pixels)> FrameColours(IPage page)
    {
        var result = await page.EvaluateFunctionAsync<JsonElement>("""
            () => {
              const c = document.getElementById('frame');
              const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
              let on = 0, off = 0;
              for (let i = 0; i < d.length; i += 4) {
                const r = d[i], b = d[i + 2];
                if (r >= 80 && r > 2 * b) on++;
                else if (b >= 80 && b > 2 * r) off++;
              }
              return { on, off, pixels: Array.from(d).join(',') };
            }
            """);
        return (result.GetProperty("on").GetInt32(), result.GetProperty("off").GetInt32(), result.GetProperty("pixels").GetString()!);
    }

    private sealed record CommandLine(string Command, bool Ok, string Origin);

    private static List<CommandLine> Commands(string stdout)
    {
        var list = new List<CommandLine>();
        foreach (var line in stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var json = JsonDocument.Parse(line).RootElement;
            if (json.GetProperty("kind").GetString() == "command")
            {
                list.Add(new CommandLine(json.GetProperty("command").GetString()!, json.GetProperty("ok").GetBoolean(), json.GetProperty("origin").GetString()!));
            }
        }
        return list;
    }

    /// <summary>The first metrics line after the command line <paramref name="command"/>, or null.</summary>
    private static string? MetricsAfter(string stdout, string command)
    {
        var seen = false;
        foreach (var line in stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var json = JsonDocument.Parse(line).RootElement;
            var kind = json.GetProperty("kind").GetString();
            if (kind == "command" && json.GetProperty("command").GetString() == command)
            {
                seen = true;
            }
            else if (seen && kind == "metrics")
            {
                return line;
            }
        }
        return null;
    }

    private static async Task<T> Eventually<T>(Func<T?> probe) where T : class
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < Patience)
        {
            if (probe() is { } value)
            {
                return value;
            }
            await Task.Delay(100);
        }
        throw new TimeoutException("not seen within " + Patience);
    }
}
