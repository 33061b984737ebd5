using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Edge.Cli.Tests.Run;
using Edge.Host.Fleet.Fleet;
using Xunit.Abstractions;

namespace Edge.Host.Fleet.Tests.Support;

/// <summary>What a fleet experiment measured.</summary>
internal sealed record FleetOutcome(
    IReadOnlyList<(string Board, (double Own, double Untaught) Before, (double Own, double Untaught) After)> Boards,
    int Rounds, IReadOnlyList<int> MergedPerRound, IReadOnlyList<string> SkippedReasons, int ChunksPerSet, int ChunksOut, int ChunksIn, IReadOnlyList<double> MergeSeconds);

/// <summary>
/// The three-board experiment of docs/fleet.md: boards a, b, c learn the classes their cameras show
/// (sim:motion?show=…, weight seed 7) until each has learned <c>first</c> windows; then, at a lower
/// learning rate (<c>lr 0.0003</c>), in every round all boards stop learning (mode infer),
/// <c>edge fleet merge --boards a,b,c,d</c> averages them, and they learn <c>perRound</c> more windows. Board d (weight seed 8, real time) is skipped by
/// every merge. Checkpoints saved before the first merge and after the last are measured on every class.
/// </summary>
internal static class FleetExperiment
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(120);

    /// <summary>The boards' learning rate in the federated rounds (a third of the spec's 0.001: smaller local steps between merges).</summary>
    public const string RoundLearningRate = "0.0003";

    public static async Task<FleetOutcome> RunAsync(int seed, ITestOutputHelper output, int first = 300, int perRound = 20, int rounds = 20)
    {
        var boards = new[] { "a", "b", "c" };
        using var broker = Mosquitto.Start([.. boards, "d"]);
        var folder = Directory.CreateTempSubdirectory("edge-fleet-").FullName;
        var processes = new List<EdgeProcess>();
        try
        {
            for (var i = 0; i < boards.Length; i++)
            {
                processes.Add(Board(broker, boards[i], folder, seed * 100 + i, 7,
                    "sim:motion?show=" + string.Join(',', FleetMergeTestsShown(boards[i])), "--realtime"));
            }
            processes.Add(Board(broker, "d", folder, seed * 100 + 9, 8, "sim:motion", "--realtime"));
            var (watcher, _) = await Subscriber.ConnectAsync(broker, Mosquitto.WatchUser);
            await using var _w = watcher;
            await watcher.SubscribeAsync("edge/+/weights/#");
            await using var fleet = await FleetClient.ConnectAsync(Subscriber.Login(broker, Mosquitto.FleetUser));
            Waiting.Until(() => boards.Append("d").All(b => fleet.StatusOf(b) is { Status: "online", Metrics: not null }), Guard, "every board online with metrics");

            await LearnAsync(fleet, boards, first);
            var before = new Dictionary<string, (double, double)>();
            foreach (var b in boards)
            {
                await Command(fleet, b, "save");
                before[b] = ClassAccuracy.Of(Path.Combine(folder, b), FleetMergeTestsShown(b));
                await Command(fleet, b, "lr " + RoundLearningRate);
            }
            var merged = new List<int>();
            var skipped = new List<string>();
            var seconds = new List<double>();
            for (var r = 1; r <= rounds; r++)
            {
                var (code, stdout, stderr) = EdgeProcess.Run(Guard, new Dictionary<string, string> { ["EDGE_FLEET_PASSWORD"] = Mosquitto.PasswordOf(Mosquitto.FleetUser) },
                    "fleet", "merge", "--boards", "a,b,c,d", "--broker", broker.Url, "--username", Mosquitto.FleetUser, "--json");
                Assert.True(code == 0, stderr + stdout);
                var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
                merged.Add(lines.Count(l => l.TryGetProperty("outcome", out var o) && o.GetString() == "merged"));
                skipped.AddRange(lines.Where(l => l.TryGetProperty("outcome", out var o) && o.GetString() == "skipped").Select(l => l.GetProperty("reason").GetString()!));
                output.WriteLine(string.Join("; ", lines.Where(l => l.TryGetProperty("outcome", out var o) && o.GetString() == "merged")
                    .Select(l => $"{l.GetProperty("board").GetString()} {l.GetProperty("samples").GetInt64()} {l.GetProperty("weight").GetDouble():0.000}")));
                seconds.Add(lines.Single(l => l.GetProperty("kind").GetString() == "merge").GetProperty("seconds").GetDouble());
                if (r < rounds)
                {
                    await LearnAsync(fleet, boards, perRound);
                }
            }
            var after = new Dictionary<string, (double, double)>();
            foreach (var b in boards)
            {
                await Command(fleet, b, "save");
            }
            foreach (var p in processes)
            {
                p.Terminate();
            }
            foreach (var p in processes)
            {
                Assert.Equal(130, p.WaitForExit(Guard));
            }
            foreach (var b in boards)
            {
                after[b] = ClassAccuracy.Of(Path.Combine(folder, b), FleetMergeTestsShown(b));
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"seed {seed} board {b}: own {before[b].Item1:0.000} → {after[b].Item1:0.000}, untaught {before[b].Item2:0.000} → {after[b].Item2:0.000}"));
            }
            var outCount = watcher.Messages.Count(m => m.Topic.EndsWith("/weights/out", StringComparison.Ordinal) && Weights.WeightChunk.IsChunk(m.Payload));
            var inCount = watcher.Messages.Count(m => m.Topic.EndsWith("/weights/in", StringComparison.Ordinal) && Weights.WeightChunk.IsChunk(m.Payload));
            var manifest = watcher.Messages.First(m => m.Topic == "edge/a/weights/out" && !Weights.WeightChunk.IsChunk(m.Payload));
            var chunksPerSet = JsonDocument.Parse(manifest.Payload).RootElement.GetProperty("chunks").GetInt32();
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"seed {seed}: {rounds} merges of {string.Join('/', merged)} boards in {string.Join(", ", seconds.Select(s => s.ToString("0.00", CultureInfo.InvariantCulture)))} s; chunks out {outCount}, in {inCount} ({chunksPerSet} per set)"));
            return new FleetOutcome([.. boards.Select(b => (b, before[b], after[b]))], rounds, merged, skipped, chunksPerSet, outCount, inCount, seconds);
        }
        finally
        {
            foreach (var p in processes)
            {
                p.Dispose();
            }
            Directory.Delete(folder, recursive: true);
        }
    }

    private static string[] FleetMergeTestsShown(string board) => Tests.FleetMergeTests.Shown[board];

    private static EdgeProcess Board(Mosquitto broker, string id, string folder, int seed, int weightSeed, string source, params string[] more)
    {
        var env = new Dictionary<string, string> { ["EDGE_FLEET_PASSWORD"] = Mosquitto.PasswordOf(id), ["EDGE_FLEET__USERNAME"] = id };
        string[] args = ["run", "--source", source, "--fleet", broker.Url, "--board-id", id, "--seed", seed.ToString(CultureInfo.InvariantCulture),
            "--weight-seed", weightSeed.ToString(CultureInfo.InvariantCulture), "--checkpoint", Path.Combine(folder, id), "--metrics-every", "100ms",
            "--duration", "15m", .. more];
        return EdgeProcess.Start(env, args);
    }

    /// <summary>Every board learns until it has learned <paramref name="windows"/> more windows, then stops learning (mode infer).</summary>
    private static async Task LearnAsync(FleetClient fleet, string[] boards, int windows)
    {
        var start = boards.ToDictionary(b => b, b => fleet.StatusOf(b)!.Learned);
        foreach (var b in boards)
        {
            await Command(fleet, b, "mode learn");
        }
        var learning = new HashSet<string>(boards);
        var clock = Stopwatch.StartNew();
        while (learning.Count > 0)
        {
            Assert.True(clock.Elapsed < Guard, "boards did not learn in time");
            foreach (var b in learning.ToList())
            {
                if (fleet.StatusOf(b)!.Learned >= start[b] + windows)
                {
                    await Command(fleet, b, "mode infer");
                    learning.Remove(b);
                }
            }
            await Task.Delay(5);
        }
    }

    private static async Task Command(FleetClient fleet, string board, string command)
    {
        var reply = await fleet.SendAsync(board, command, Guard);
        Assert.True(reply is { Ok: true }, $"{board}: {command}: {reply?.Error}");
    }
}
