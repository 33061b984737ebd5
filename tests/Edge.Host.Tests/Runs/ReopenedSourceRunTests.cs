using System.Net;
using System.Net.Sockets;
using Edge.Drivers.Formats.Evt2;
using Edge.Host.Runs;
using Edge.Host.Teaching;
using Edge.Host.Windows;
using Edge.Runtime.Events;

namespace Edge.Host.Tests.Runs;

/// <summary>
/// A run whose camera connection drops keeps learning where it was: the source is opened again,
/// the reopen shows in the metrics (<c>source_reopens</c>) and the summary, and the same learner
/// goes on learning the windows after the gap (one optimizer step per learned window, never reset).
/// </summary>
[Collection("host-timing")]
public sealed class ReopenedSourceRunTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("edge-reopen-run-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void A_camera_whose_connection_drops_is_reopened_and_learning_goes_on()
    {
        var geometry = new SensorGeometry(32, 32);
        using var camera = new EvtServer(geometry, [Events(geometry, 1, 1_500_000), Events(geometry, 2, 1_500_000)]);
        var metrics = new List<RunMetricsRow>();
        var learnedAfterGap = 0;
        using var run = OnlineRun.Open(new RunOptions
        {
            Source = $"evt:tcp://127.0.0.1:{camera.Port}",
            Network = LiveRunSupport.Network(_dir),
            Classes = ["wave", "clap"],
            Labels = new LabelSource(LabelSourceKind.Stdin),
            CommandInput = new StringReader("label clap\n"),
            Window = new WindowOptions { DurationUs = 50_000 },
            MetricsEvery = TimeSpan.FromMilliseconds(200),
            SourceReopen = new ReopenPolicy { FirstDelay = TimeSpan.FromMilliseconds(50), MaxDelay = TimeSpan.FromMilliseconds(200) },
        });
        run.Subscribe(new Observer(metrics, p =>
        {
            learnedAfterGap += p.Learned && p.StartUs > 1_600_000 ? 1 : 0;
            if (p.EndUs > 2_900_000)
            {
                run.Stop("both streams seen");
            }
        }));
        var guard = new Timer(_ => run.Stop("guard"), null, TimeSpan.FromSeconds(30), Timeout.InfiniteTimeSpan);

        var summary = run.Run();
        guard.Dispose();

        Assert.Equal("both streams seen", summary.Stopped);
        Assert.True(summary.SourceReopens >= 1);
        Assert.Contains(metrics, m => m.SourceReopens >= 1);
        Assert.True(learnedAfterGap >= 10, $"{learnedAfterGap} windows learned after the reopen");
        Assert.Equal(summary.Samples, run.Learner!.Optimizer.Steps); // one learner throughout, one step per learned window
        Assert.Equal(0, summary.UpdatesRejected);
    }

    private static DvsEvent[] Events(SensorGeometry geometry, int seed, long spanUs)
    {
        var random = new Random(seed);
        var events = new DvsEvent[60_000];
        for (var i = 0; i < events.Length; i++)
        {
            events[i] = new DvsEvent(i * spanUs / events.Length, (ushort)random.Next(geometry.Width), (ushort)random.Next(geometry.Height), (byte)random.Next(2));
        }
        return events;
    }

    private sealed class Observer(List<RunMetricsRow> metrics, Action<WindowPredictionCopy> prediction) : IRunObserver
    {
        public void OnMetrics(RunMetricsRow row) => metrics.Add(row);

        public void OnPrediction(in WindowPrediction p) => prediction(new WindowPredictionCopy(p.StartUs, p.EndUs, p.Learned));
    }

    private readonly record struct WindowPredictionCopy(long StartUs, long EndUs, bool Learned);

    /// <summary>A capture tool streaming EVT 2.0 over TCP: one recording per connection, then it hangs up.</summary>
    private sealed class EvtServer : IDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly Thread _thread;

        public EvtServer(SensorGeometry geometry, DvsEvent[][] recordings)
        {
            _listener.Start();
            Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
            _thread = new Thread(() =>
            {
                try
                {
                    foreach (var recording in recordings)
                    {
                        using var socket = _listener.AcceptSocket();
                        using var stream = new NetworkStream(socket);
                        var writer = new Evt2Writer(stream, geometry, leaveOpen: true);
                        writer.Write(recording);
                        writer.Complete();
                        stream.Flush();
                        socket.Shutdown(SocketShutdown.Both);
                    }
                }
                catch (Exception ex) when (ex is SocketException or IOException or ObjectDisposedException)
                {
                    // The test is over.
                }
            })
            { IsBackground = true };
            _thread.Start();
        }

        public int Port { get; }

        public void Dispose() => _listener.Stop();
    }
}
