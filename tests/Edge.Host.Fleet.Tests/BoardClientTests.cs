using System.Text.Json;
using Edge.Host.Fleet.Board;
using Edge.Host.Fleet.Broker;
using Edge.Host.Fleet.Fleet;
using Edge.Host.Fleet.Tests.Support;
using Edge.Host.Runs;
using Edge.Host.Teaching;
using Edge.Runtime.Online;
using Microsoft.Extensions.Logging;

namespace Edge.Host.Fleet.Tests;

/// <summary>The board's client attached to an in-process run: commands, outages, the learning thread's allocations.</summary>
[Collection("fleet")]
public sealed class BoardClientTests
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(60);

    private static FleetBoard Board(Mosquitto broker, string id, ILogger? log = null, bool labels = false, TimeSpan? predictionInterval = null) =>
        new(new FleetBoardOptions
        {
            Login = Subscriber.Login(broker, id),
            BoardId = id,
            TakesLabels = labels,
            PredictionInterval = predictionInterval ?? TimeSpan.FromMilliseconds(500),
            SetTimeout = TimeSpan.FromSeconds(2),
        }, log);

    [Fact]
    public async Task The_fleet_teaches_a_board_started_with_labels_fleet_and_a_task_board_refuses_labels_in_one_line()
    {
        using var broker = Mosquitto.Start(["a", "b"]);
        var taught = Board(broker, "a", labels: true);
        using var a = OnlineRun.Open(new RunOptions { Source = "sim:bar-right@1s,bar-left@1s", Labels = new LabelSource(LabelSourceKind.Fleet), Extensions = [taught] });
        using var b = OnlineRun.Open(new RunOptions { Source = "sim:motion", Extensions = [Board(broker, "b")] });
        var runs = new[] { a.RunAsync(), b.RunAsync() };
        await using var fleet = await FleetClient.ConnectAsync(Subscriber.Login(broker, Mosquitto.FleetUser));
        Waiting.Until(() => fleet.StatusOf("a") is { Status: "online" } && fleet.StatusOf("b") is { Status: "online" }, Guard, "both boards online");

        var label = await fleet.SendAsync("a", "label bar-left", Guard);
        var unknown = await fleet.SendAsync("a", "label bar-up", Guard);
        var refused = await fleet.SendAsync("b", "label bar-up", Guard);
        var lr = await fleet.SendAsync("b", "lr 0.0005", Guard);
        a.Stop();
        b.Stop();
        await Task.WhenAll(runs);

        Assert.True(label is { Ok: true }, label?.Error);
        Assert.Equal(1, a.TaughtClass);
        Assert.False(unknown!.Ok);
        Assert.StartsWith("label: no class 'bar-up'", unknown.Error, StringComparison.Ordinal);
        Assert.False(refused!.Ok);
        Assert.Equal("label: this run's labels come from task; start it with --labels stdin, socket:PATH, page or fleet to teach", refused.Error);
        Assert.True(lr is { Ok: true }, lr?.Error);
        Assert.Equal(0.0005f, b.Learner!.Optimizer.LearningRate);
    }

    [Fact]
    public async Task A_board_that_loses_the_broker_for_10_s_keeps_learning_warns_once_and_catches_up()
    {
        using var broker = Mosquitto.Start(["a"]);
        var log = new ListLogger();
        var board = Board(broker, "a", log);
        var recorder = new RunRecorder();
        using var run = OnlineRun.Open(new RunOptions { Source = "sim:motion", MetricsEvery = TimeSpan.FromSeconds(1), Extensions = [board] });
        run.Subscribe(recorder);
        var running = run.RunAsync();
        Waiting.Until(() => board.IsConnected && recorder.Metrics.Count >= 2, Guard, "the board to connect and report");
        await Task.Delay(500);

        broker.Pause();
        var lostAt = recorder.Metrics.Last();
        await Task.Delay(TimeSpan.FromSeconds(10));
        var beforeReturn = recorder.Metrics.Last();
        broker.Resume();
        var (watcher, _) = await Subscriber.ConnectAsync(broker, Mosquitto.WatchUser);
        await using var _w = watcher;
        await watcher.SubscribeAsync("edge/a/#");
        Waiting.Until(() => board.IsConnected, Guard, "the board to reconnect");
        Waiting.Until(() => watcher.Messages.Any(m => m.Topic == "edge/a/metrics" && Elapsed(m.Payload) > beforeReturn.ElapsedS), Guard, "metrics after the outage");
        run.Stop();
        await running;

        // Learning went on: the run's own metrics during the outage show samples learned.
        var during = recorder.Metrics.Where(m => m.ElapsedS > lostAt.ElapsedS && m.ElapsedS <= beforeReturn.ElapsedS).ToList();
        Assert.True(during.Count >= 8, $"{during.Count} metrics intervals during the outage");
        Assert.True(beforeReturn.Samples > lostAt.Samples + 100, $"samples {lostAt.Samples} → {beforeReturn.Samples} during the outage");
        // It caught up: every metrics interval of the outage reached the broker once it was back.
        var delivered = watcher.Messages.Where(m => m.Topic == "edge/a/metrics").Select(m => Elapsed(m.Payload)).ToHashSet();
        Assert.All(during, m => Assert.Contains(m.ElapsedS, delivered));
        Assert.Equal(1, log.Count(LogLevel.Warning, "learning goes on"));
        Assert.True(recorder.Metrics.Last().FleetUnsent > 0, "predictions not sent while the broker was away are counted");
    }

    [Fact]
    public async Task A_run_starts_while_the_broker_is_down_and_joins_it_when_it_comes()
    {
        using var broker = Mosquitto.Start(["a"]);
        broker.Pause();
        var log = new ListLogger();
        var board = Board(broker, "a", log);
        var recorder = new RunRecorder();
        using var run = OnlineRun.Open(new RunOptions { Source = "sim:motion", MetricsEvery = TimeSpan.FromSeconds(1), Extensions = [board] });
        run.Subscribe(recorder);
        var running = run.RunAsync();
        Waiting.Until(() => recorder.Windows > 200, Guard, "learning without a broker");
        broker.Resume();
        Waiting.Until(() => board.IsConnected, Guard, "the board to connect");
        run.Stop();
        await running;
        Assert.Equal(1, log.Count(LogLevel.Warning, "is unreachable"));
    }

    [Fact]
    public async Task The_learning_thread_allocates_nothing_over_10000_steps_with_the_fleet_on()
    {
        using var broker = Mosquitto.Start(["a"]);
        var board = Board(broker, "a", predictionInterval: TimeSpan.FromMilliseconds(5));
        using var run = OnlineRun.Open(new RunOptions { Source = "sim:motion", MetricsEvery = TimeSpan.FromHours(1), Extensions = [board] });
        var meter = new StepMeter(run, warmUp: 4000, measured: 10_000);
        run.Subscribe(meter);
        Waiting.Until(() => board.IsConnected, Guard, "the board to connect");
        var summary = await run.RunAsync();
        Assert.True(meter.Done, $"{summary.Steps} steps");
        Assert.True(board.IsConnected);
        Assert.True(meter.Predictions > 100, $"{meter.Predictions} windows predicted in the measured steps");
        Assert.Equal(0, meter.AllocatedBytes);
    }

    [Fact]
    public async Task A_board_refuses_a_set_of_another_seed_an_incomplete_set_and_a_damaged_one_and_keeps_its_weights()
    {
        using var broker = Mosquitto.Start(["a"]);
        var log = new ListLogger();
        var board = Board(broker, "a", log);
        using var run = OnlineRun.Open(new RunOptions { Source = "sim:motion", Mode = RunMode.Infer, Extensions = [board] });
        var running = run.RunAsync();
        await using var fleet = await FleetClient.ConnectAsync(Subscriber.Login(broker, Mosquitto.FleetUser));
        Waiting.Until(() => fleet.StatusOf("a") is { Status: "online" }, Guard, "board a online");
        var own = await fleet.PullAsync("a", Guard);
        Assert.NotNull(own);

        var otherSeed = Renamed(own, own.Manifest with { WeightSeed = 99 });
        var seedReply = await fleet.PushAsync("a", otherSeed, Guard);
        var damaged = Renamed(own, own.Manifest);
        var values = (float[])damaged.Values.Clone();
        values[7] += 1;
        var damagedReply = await Push(fleet, broker, "a", damaged.Manifest, values);
        var incomplete = Renamed(own, own.Manifest);
        var incompleteReply = await PushFirstChunkOnly(fleet, broker, incomplete);
        var after = await fleet.PullAsync("a", Guard);
        run.Stop();
        await running;

        Assert.False(seedReply!.Ok);
        Assert.Contains("weight seed 99, this board's from 1", seedReply.Error, StringComparison.Ordinal);
        Assert.False(damagedReply!.Ok);
        Assert.Contains("CRC-32C of the data", damagedReply.Error, StringComparison.Ordinal);
        Assert.False(incompleteReply!.Ok);
        Assert.Contains("incomplete: 1 of", incompleteReply.Error, StringComparison.Ordinal);
        Assert.Equal(own.Values, after!.Values);
        Assert.Equal(3, log.Count(LogLevel.Warning, "this board keeps its own weights"));
    }

    private static double Elapsed(byte[] metrics) => JsonDocument.Parse(metrics).RootElement.GetProperty("metrics").GetProperty("elapsed_s").GetDouble();

    private static Weights.WeightSet Renamed(Weights.WeightSet set, Weights.WeightManifest manifest) =>
        new(manifest with { Set = Weights.WeightChunk.IdText(Weights.WeightChunk.NewId()), From = "fleet" }, set.Values);

    /// <summary>push-weights, then a manifest and chunks of other values (the manifest's checksum no longer fits).</summary>
    private static async Task<WeightsReply?> Push(FleetClient fleet, Mosquitto broker, string board, Weights.WeightManifest manifest, float[] values)
    {
        var announced = await fleet.SendAsync(board, "push-weights " + manifest.Set, Guard);
        Assert.True(announced is { Ok: true }, announced?.Error);
        var (raw, _) = await Subscriber.ConnectAsync(broker, Mosquitto.FleetUser);
        await using var _r = raw;
        return await WaitForWeights(fleet, board, manifest.Set, async () =>
            await Publishing.WeightSetAsync(raw.Client, FleetTopics.WeightsIn(board), manifest, values, CancellationToken.None));
    }

    private static async Task<WeightsReply?> PushFirstChunkOnly(FleetClient fleet, Mosquitto broker, Weights.WeightSet set)
    {
        var announced = await fleet.SendAsync("a", "push-weights " + set.Manifest.Set, Guard);
        Assert.True(announced is { Ok: true }, announced?.Error);
        var (raw, _) = await Subscriber.ConnectAsync(broker, Mosquitto.FleetUser);
        await using var _r = raw;
        return await WaitForWeights(fleet, "a", set.Manifest.Set, async () =>
        {
            await Publishing.JsonAsync(raw.Client, "edge/a/weights/in", set.Manifest, FleetJson.Default.WeightManifest, false,
                MQTTnet.Protocol.MqttQualityOfServiceLevel.AtLeastOnce, CancellationToken.None);
            Assert.True(Weights.WeightChunk.TryParseId(set.Manifest.Set, out var id));
            await raw.PublishAsync("edge/a/weights/in", Weights.WeightChunk.Encode(id, 0, set.Manifest.Chunks,
                System.Runtime.InteropServices.MemoryMarshal.AsBytes(set.Values.AsSpan())));
        });
    }

    private static async Task<WeightsReply?> WaitForWeights(FleetClient fleet, string board, string set, Func<Task> send)
    {
        var done = new TaskCompletionSource<WeightsReply>();
        using var listening = fleet.Listen((topic, _) =>
        {
            if (fleet.StatusOf(board)?.LastWeights is { } reply && reply.Set == set)
            {
                done.TrySetResult(reply);
            }
        });
        await send();
        return await done.Task.WaitAsync(Guard);
    }

    /// <summary>Reads the learning thread's allocation counter at step <c>warmUp</c> and <c>warmUp + measured</c>, then stops the run.</summary>
    private sealed class StepMeter(OnlineRun run, int warmUp, int measured) : IRunObserver, IStepProbe
    {
        private long _steps, _start, _predictions, _predictionsAtStart;

        public bool Done { get; private set; }

        public long AllocatedBytes { get; private set; } = -1;

        public long Predictions => _predictions - _predictionsAtStart;

        public void OnPrediction(in WindowPrediction prediction) => _predictions++;

        public void AfterStep(int t, ReadOnlySpan<float> input)
        {
            _steps++;
            if (_steps == warmUp)
            {
                _predictionsAtStart = _predictions;
                _start = GC.GetAllocatedBytesForCurrentThread();
            }
            else if (_steps == warmUp + measured)
            {
                AllocatedBytes = GC.GetAllocatedBytesForCurrentThread() - _start;
                Done = true;
                run.Stop();
            }
        }
    }
}
