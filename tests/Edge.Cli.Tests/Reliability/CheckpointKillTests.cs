using System.Globalization;
using System.Security.Cryptography;
using Edge.Cli.Tests.Run;
using Edge.Runtime.Checkpoints;
using Xunit.Abstractions;

namespace Edge.Cli.Tests.Reliability;

/// <summary>
/// Power cuts inside a save: <c>edge run</c> children are SIGKILLed by the store's test hook
/// (<c>EDGE_TEST_CHECKPOINT_FAULT</c>) inside every phase of a save — after k bytes of the temporary
/// file, after its fsync, after the rename, during rotation — 104 times. After every kill the folder's
/// newest good checkpoint is the newest save that reached its rename, bit for bit (SHA-256) what that
/// save wrote (<c>EDGE_TEST_CHECKPOINT_JOURNAL</c>), with no damaged file; and the next child, a
/// restart, resumes from exactly that file. A failing disk (an injected write failure) keeps the
/// previous checkpoints and is said once.
/// </summary>
[Collection("timing")]
public sealed class CheckpointKillTests(ITestOutputHelper output) : IDisposable
{
    private const int TrialsPerChain = 52;
    private const int Keep = 3;
    private static readonly TimeSpan Guard = TimeSpan.FromMinutes(1);
    private static readonly string[] Phases = ["bytes", "fsync", "rename", "rotation"];
    private readonly string _dir = Directory.CreateTempSubdirectory("edge-kill-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Kills_inside_every_phase_of_a_save_always_leave_the_last_complete_checkpoint_to_resume_from()
    {
        var network = TinyRunNetwork.Write(_dir);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        // Two chains of trials in parallel (one per core); each chain is one folder its children keep killing and resuming.
        var chains = await Task.WhenAll(Task.Run(() => Chain(network, 0)), Task.Run(() => Chain(network, 1)));
        var perPhase = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var phase in Phases)
        {
            perPhase[phase] = chains[0][phase] + chains[1][phase];
        }
        var total = perPhase.Values.Sum();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{total} kills in {clock.Elapsed.TotalSeconds:0.0} s: {string.Join(", ", Phases.Select(p => $"{p} {perPhase[p]}"))}; 0 checkpoints lost, 0 damaged"));
        Assert.True(total >= 100, $"only {total} trials");
        Assert.All(Phases, p => Assert.True(perPhase[p] >= 25, $"only {perPhase[p]} kills after {p}"));
    }

    [Fact]
    public void A_full_disk_keeps_the_previous_checkpoints_and_is_said_once()
    {
        var network = TinyRunNetwork.Write(_dir);
        var folder = Path.Combine(_dir, "full");
        var env = new Dictionary<string, string> { ["EDGE_TEST_CHECKPOINT_FAULT"] = "fail:bytes=1000@2" }; // the second save and every later one fail
        var r = EdgeProcess.Run(Guard, env, "run", "--network", network, "--source", "sim:", "--checkpoint", folder,
            "--checkpoint-every", "100ms", "--duration", "8s", "--metrics-every", "1h"); // long enough for several failing saves on a busy machine

        var warnings = r.Stderr.Split('\n').Where(l => l.Contains("could not be saved", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, r.Code); // the final save fails too: the run says so and does not claim success
        Assert.Equal(2, warnings.Count); // once while learning, once for the final save
        Assert.Contains("No space left on device", warnings[0], StringComparison.Ordinal);
        Assert.Contains("the previous checkpoints are kept", warnings[0], StringComparison.Ordinal);
        Assert.Contains("later saves will try again (said once until a save succeeds)", warnings[0], StringComparison.Ordinal);
        Assert.StartsWith("edge: ", warnings[1], StringComparison.Ordinal);
        var store = new CheckpointStore(folder);
        Assert.Equal(Path.Combine(folder, "checkpoint-00000001.safetensors"), store.FilePath);
        Assert.Empty(store.Select().Damaged);
        Assert.Empty(Directory.GetFiles(folder, "*.tmp"));
    }

    /// <summary>One folder, killed and resumed <see cref="TrialsPerChain"/> times; returns the kills per phase.</summary>
    private Dictionary<string, int> Chain(string network, int chain)
    {
        var folder = Path.Combine(_dir, $"chain-{chain}");
        var journal = Path.Combine(_dir, $"journal-{chain}.txt");
        var random = new Random(7 + chain);
        var counts = Phases.ToDictionary(p => p, _ => 0, StringComparer.Ordinal);
        var saves = new List<(string Name, string Sha, int Bytes)>();
        string? complete = null; // the newest save that reached its rename
        for (var trial = 0; trial < TrialsPerChain; trial++)
        {
            var phase = Phases[(trial + chain) % Phases.Length];
            var save = random.Next(1, 4);
            var size = saves.Count > 0 ? saves[^1].Bytes : 29_000;
            var fault = phase == "bytes" ? $"kill:bytes={random.Next(0, size)}@{save}" : $"kill:{phase}@{save}";
            var env = new Dictionary<string, string> { ["EDGE_TEST_CHECKPOINT_FAULT"] = fault, ["EDGE_TEST_CHECKPOINT_JOURNAL"] = journal };
            var r = EdgeProcess.Run(Guard, env, "run", "--network", network, "--source", "sim:", "--checkpoint", folder,
                "--checkpoint-every", "100ms", "--duration", "30s", "--metrics-every", "1h", "--seed", (trial + 1).ToString(CultureInfo.InvariantCulture));
            Assert.True(r.Code == 137, $"chain {chain} trial {trial} ({fault}): exit {r.Code}, not killed: {r.Stderr}");
            // The restart resumed from exactly the checkpoint the previous kill left.
            var started = complete is null ? "starting afresh" : "resumed from " + Path.Combine(folder, complete);
            Assert.True(r.Stderr.Contains(started, StringComparison.Ordinal), $"chain {chain} trial {trial}: expected '{started}' in: {r.Stderr}");

            var entries = File.ReadAllLines(journal)[saves.Count..];
            Assert.Equal(save, entries.Length); // every save of the child, the killed one last
            foreach (var line in entries)
            {
                var parts = line.Split(' ');
                saves.Add((parts[0], parts[1], int.Parse(parts[2], CultureInfo.InvariantCulture)));
            }
            if (phase is "rename" or "rotation")
            {
                complete = saves[^1].Name;
            }
            else if (save > 1)
            {
                complete = saves[^2].Name;
            }
            counts[phase]++;
            CheckFolder(folder, complete, saves, $"chain {chain} trial {trial} ({fault})");
        }
        var last = EdgeProcess.Run(Guard, null, "run", "--network", network, "--source", "sim:", "--checkpoint", folder, "--duration", "500ms");
        Assert.True(last.Code == 0, last.Stderr);
        Assert.Contains("resumed from " + Path.Combine(folder, complete!), last.Stderr, StringComparison.Ordinal);
        return counts;
    }

    /// <summary>The folder's choice is the last complete save, bit for bit what it wrote; nothing is damaged; at most one checkpoint more than kept.</summary>
    private static void CheckFolder(string folder, string? complete, List<(string Name, string Sha, int Bytes)> saves, string what)
    {
        var selection = new CheckpointStore(folder, Keep).Select();
        Assert.True(selection.Damaged.Count == 0, $"{what}: damaged {string.Join("; ", selection.Damaged)}");
        if (complete is null)
        {
            Assert.Null(selection.File);
            return;
        }
        Assert.Equal(Path.Combine(folder, complete), selection.File);
        var sha = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(selection.File!)));
        Assert.True(saves.Last(s => s.Name == complete).Sha == sha, $"{what}: {complete} is not what its save wrote");
        var kept = Directory.GetFiles(folder, "checkpoint-*.safetensors").Length;
        Assert.InRange(kept, 1, Keep + 1);
    }
}
