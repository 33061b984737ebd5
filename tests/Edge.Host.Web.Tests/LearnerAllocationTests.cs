using System.Net.Http.Headers;
using Edge.Host.Runs;
using Edge.Host.Teaching;
using Edge.Host.Web.Tests.Support;
using Edge.Runtime.Online;
using Xunit.Abstractions;

namespace Edge.Host.Web.Tests;

/// <summary>
/// The page costs the learner's thread no allocation: over 10 000 network steps of a run taught
/// from the page, with a browser reading the event stream, the learner's thread allocates 0 bytes
/// (exact per-thread counter, read on that thread by a step probe).
/// </summary>
public sealed class LearnerAllocationTests(ITestOutputHelper output)
{
    private const int Warmup = 2_000;
    private const int Measured = 10_000;

    [Fact]
    public async Task The_learners_thread_allocates_nothing_over_ten_thousand_steps_with_the_page_attached_and_read()
    {
        using var folder = new TempFolder();
        var page = new LivePage(PageOptions.Parse("127.0.0.1:0", token: "t0ken"));
        using var run = OnlineRun.Open(new RunOptions
        {
            Source = "sim:bar-right@1s,bar-left@1s",
            Network = TinyNetwork.WriteSpec(folder.Path),
            Labels = LabelSource.Parse("page"),
            MetricsEvery = TimeSpan.FromHours(1),
            Extensions = [page],
        });
        var meter = new AllocationMeter(run);
        run.Subscribe(meter);

        using var http = new HttpClient { BaseAddress = new Uri(run.Started.Http!) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "t0ken");
        using var stream = await http.GetStreamAsync(new Uri("events", UriKind.Relative));
        using var reader = new StreamReader(stream);
        var firstLine = await reader.ReadLineAsync();
        Assert.Equal("event: hello", firstLine);
        var read = ReadAll(reader);
        var teach = run.Post("label bar-right", "page"); // taken at the first window boundary

        var summary = await run.RunAsync().WaitAsync(TimeSpan.FromMinutes(5));
        var taught = await teach;
        var lines = await read.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(taught.Ok, taught.Error);

        output.WriteLine($"learner thread: {meter.Allocated} bytes over {Measured} steps; {summary.Windows} windows; the browser read {lines} lines; " +
                         $"page thread allocated {page.PublisherAllocatedBytes} bytes in {summary.Seconds:0.0} s");
        Assert.True(meter.Done, $"the run stopped after {meter.Steps} steps ({summary.Stopped})");
        Assert.Equal(0, meter.Allocated);
        Assert.True(lines > 10, $"the browser read {lines} lines");
        Assert.Contains(meter.Frames, f => f > 0);
    }

    private static async Task<int> ReadAll(StreamReader reader)
    {
        var lines = 0;
        while (await reader.ReadLineAsync() is { } line && line != "event: stopped")
        {
            lines++;
        }
        return lines;
    }

    /// <summary>Reads the learner thread's allocation counter at step 2 000 and step 12 000, then stops the run.</summary>
    private sealed class AllocationMeter(OnlineRun run) : IRunObserver, IStepProbe
    {
        private long _before;

        public long Steps { get; private set; }

        public long Allocated { get; private set; } = -1;

        public bool Done { get; private set; }

        /// <summary>Windows predicted when the measurement ended.</summary>
        public long[] Frames { get; } = new long[1];

        public void AfterStep(int t, ReadOnlySpan<float> input)
        {
            Steps++;
            if (Steps == Warmup)
            {
                _before = GC.GetAllocatedBytesForCurrentThread();
            }
            else if (Steps == Warmup + Measured)
            {
                Allocated = GC.GetAllocatedBytesForCurrentThread() - _before;
                Done = true;
                Frames[0] = run.Metrics.Windows;
                run.Stop();
            }
        }
    }
}
