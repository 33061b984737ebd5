using System.Text.Json;
using Edge.Cli.Tests.Support;
using Edge.Runtime.Learning.Stllr;
using Edge.Runtime;
using Edge.Runtime.Checkpoints;
using Edge.Runtime.Specs;
using Edge.TestSupport;

namespace Edge.Cli.Tests.Run;

[Collection("cli")]
public sealed class RunVerbTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("edge-runv-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void A_recording_with_a_labels_file_is_learned_to_its_end_and_checkpointed()
    {
        var labels = Path.Combine(_dir, "labels.csv");
        File.WriteAllLines(labels, ["start_us,end_us,label", "0,100000,seven", "100000,200000,other", "200000,311176,seven"]);
        var checkpoint = Path.Combine(_dir, "state");
        var r = EdgeCli.Run("run", "--source", "file:" + Path.Combine(SharedData.SamplesDir, "nmnist", "sample_nmnist.bin"),
            "--labels", labels, "--network", "nmnist-small", "--checkpoint", checkpoint, "--json");
        Assert.True(r.ExitCode == 0, r.Stderr);
        var summary = JsonDocument.Parse(r.StdoutLines[^1]).RootElement;
        Assert.Equal("end of source", summary.GetProperty("stopped").GetString());
        Assert.Equal(3, summary.GetProperty("samples").GetInt64());
        Assert.Equal(4325, summary.GetProperty("events").GetInt64()); // every event of the file falls in a segment
        var info = new CheckpointStore(checkpoint).ReadInfo()!;
        Assert.Equal("nmnist-small", info.Network);
        Assert.Equal(3, info.Progress.Samples);
    }

    [Fact]
    public void A_folder_whose_only_checkpoint_is_damaged_is_one_line_exit_2_and_is_left_as_it_was()
    {
        var store = SavedDemoCheckpoint();
        var file = store.FilePath!;
        var bytes = File.ReadAllBytes(file);
        bytes[^3] ^= 0x10;
        File.WriteAllBytes(file, bytes);

        var r = EdgeCli.Run("run", "--source", "sim:", "--checkpoint", store.Directory, "--duration", "2s");
        Assert.Equal(2, r.ExitCode);
        var line = Assert.Single(r.StderrLines);
        Assert.StartsWith($"edge: {store.Directory}: none of its 1 checkpoint(s) can be used ({Path.GetFileName(file)}: checksum mismatch", line, StringComparison.Ordinal);
        Assert.Contains("--fresh-if-damaged", line, StringComparison.Ordinal);
        Assert.Equal(bytes, File.ReadAllBytes(file));
        Assert.False(Directory.Exists(Path.Combine(store.Directory, "damaged")));

        var fresh = EdgeCli.Run("run", "--source", "sim:", "--checkpoint", store.Directory, "--duration", "1s", "--fresh-if-damaged");
        Assert.True(fresh.ExitCode == 0, fresh.Stderr);
        Assert.Contains($"checkpoint {file} is damaged (checksum mismatch", fresh.Stderr, StringComparison.Ordinal);
        Assert.Contains("starting afresh", fresh.Stderr, StringComparison.Ordinal);
        Assert.Equal(bytes, File.ReadAllBytes(Path.Combine(store.Directory, "damaged", Path.GetFileName(file))));
    }

    [Theory]
    [InlineData("truncate")]
    [InlineData("flip")]
    public void A_damaged_newest_checkpoint_is_one_line_set_aside_and_the_run_resumes_from_the_previous_one(string damage)
    {
        var folder = Path.Combine(_dir, "state");
        for (var run = 0; run < 2; run++)
        {
            var r = EdgeCli.Run("run", "--source", "sim:", "--checkpoint", folder, "--duration", "500ms");
            Assert.True(r.ExitCode == 0, r.Stderr);
        }
        var files = Directory.GetFiles(folder, "*.safetensors").Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(2, files.Length);
        var bytes = File.ReadAllBytes(files[1]);
        if (damage == "truncate")
        {
            bytes = bytes[..(bytes.Length / 2)];
        }
        else
        {
            bytes[bytes.Length / 2] ^= 0x40;
        }
        File.WriteAllBytes(files[1], bytes);

        var resumed = EdgeCli.Run("run", "--source", "sim:", "--checkpoint", folder, "--duration", "500ms");
        Assert.True(resumed.ExitCode == 0, resumed.Stderr);
        var line = Assert.Single(resumed.StderrLines, l => l.Contains("damaged", StringComparison.Ordinal));
        var moved = Path.Combine(folder, "damaged", Path.GetFileName(files[1]));
        Assert.Contains($"checkpoint {files[1]} is damaged ({(damage == "truncate" ? "byte " : "checksum mismatch: stored ")}", line, StringComparison.Ordinal);
        Assert.EndsWith($"): moved to {moved}; resuming from {files[0]}", line, StringComparison.Ordinal);
        Assert.Contains($"resumed from {files[0]}", resumed.Stderr, StringComparison.Ordinal);
        Assert.Equal(bytes, File.ReadAllBytes(moved));
    }

    [Fact]
    public void A_checkpoint_of_another_network_is_one_line_exit_2()
    {
        var store = SavedDemoCheckpoint();
        var before = File.ReadAllBytes(store.FilePath!);
        var r = EdgeCli.Run("run", "--source", "sim:", "--network", "nmnist-small", "--checkpoint", store.Directory, "--duration", "2s");
        Assert.Equal(2, r.ExitCode);
        var line = Assert.Single(r.StderrLines);
        Assert.Contains("checkpoint of network 'demo' does not fit network 'nmnist-small': it was made for 'input 2x32x32 classes 8' but this network has 'input 2x34x34 classes 8'", line, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(store.FilePath!));
    }

    [Fact]
    public void Labels_that_hold_no_events_are_bad_input_naming_both_times()
    {
        var labels = Path.Combine(_dir, "late.csv");
        File.WriteAllText(labels, "10000000,10200000,a\n10200000,10400000,b\n");
        var nmnist = Path.Combine(SharedData.SamplesDir, "nmnist", "sample_nmnist.bin");

        var r = EdgeCli.Run("run", "--source", "file:" + nmnist, "--labels", labels, "--network", "nmnist-small", "--checkpoint", Path.Combine(_dir, "state"));

        Assert.Equal(2, r.ExitCode);
        Assert.Contains("none of the 2 labelled segments held an event: the stream's first event comes at 654 µs, the first label starts at 10000000 µs",
            r.StderrLines[^1], StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(Path.Combine(_dir, "state"), "*.safetensors"));
    }

    [Theory]
    [InlineData(2, "board: pin 17 is used twice (leds.pins and teach_buttons.pins)", """{ "board": { "leds": { "pins": [17, 27] }, "teach_buttons": { "pins": [5, 17] } } }""")]
    [InlineData(2, "unknown setting 'board.leds.pin' (there: pins, active_low, encoding)", """{ "board": { "leds": { "pin": [17] } } }""")]
    [InlineData(2, "board.oled.address '0xZZ' is not an I2C address", """{ "board": { "oled": { "address": "0xZZ" } } }""")]
    [InlineData(2, "board: leds.pins has no pins", """{ "board": { "leds": { "pins": [] } } }""")]
    [InlineData(3, "no GPIO chip (/dev/gpiochip* does not exist)", """{ "board": { "leds": { "pins": [17, 27] } } }""")]
    [InlineData(3, "no I2C bus 7 (/dev/i2c-7 does not exist)", """{ "board": { "oled": { "bus": 7 } } }""")]
    public void The_board_section_is_checked_before_any_device_is_opened(int exitCode, string message, string config)
    {
        if (exitCode == 3 && Directory.EnumerateFiles("/dev", "gpiochip*").Any())
        {
            return; // a real board: these parts would open (checked on the board itself, see drivers/Edge.Devices/README.md)
        }
        var file = Path.Combine(_dir, "board.json");
        File.WriteAllText(file, config);

        var r = EdgeCli.Run("run", "--config", file, "--duration", "1s");

        Assert.Equal(exitCode, r.ExitCode);
        Assert.Contains(message, r.StderrLines[^1], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("names a file: give its folder", "run", "--checkpoint", "state/checkpoint.safetensors")]
    [InlineData("mode 'fast' is not learn or infer", "run", "--mode", "fast")]
    [InlineData("--threads 0 is out of range: give threads from 1 to 256", "run", "--threads", "0")]
    [InlineData("--window: with --labels task the windows are the labelled segments", "run", "--window", "1s")]
    [InlineData("--labels buttons needs teach buttons", "run", "--source", "sim:bar-right@1s,bar-left@1s", "--labels", "buttons")]
    [InlineData("no simulated scene 'bar-sideways'", "run", "--source", "sim:bar-right@1s,bar-sideways@1s")]
    [InlineData("'bar-right' is not scene@duration", "run", "--source", "sim:bar-right,bar-left@1s")]
    public void Newcomer_mistakes_are_one_line_and_exit_2(string message, params string[] args)
    {
        var r = EdgeCli.Run(args);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains(message, Assert.Single(r.StderrLines), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("has no labels of its own and says no classes: give --labels FILE", "run", "--source", "file:NMNIST")]
    [InlineData("unknown setting 'metric_every'", "run", "--config", "CONFIG")]
    [InlineData("duration '3x' is not a duration", "run", "--duration", "3x")]
    [InlineData("no labels file at", "run", "--source", "file:NMNIST", "--labels", "/no/such.csv")]
    [InlineData("has labels of its own", "run", "--source", "sim:", "--labels", "LABELS")]
    public void Bad_settings_are_one_line_and_exit_2(string message, params string[] args)
    {
        var config = Path.Combine(_dir, "edge.json");
        File.WriteAllText(config, """{ "source": "sim:", "metric_every": "5s" }""");
        var labels = Path.Combine(_dir, "l.csv");
        File.WriteAllText(labels, "0,10,a\n");
        for (var i = 0; i < args.Length; i++)
        {
            args[i] = args[i].Replace("NMNIST", Path.Combine(SharedData.SamplesDir, "nmnist", "sample_nmnist.bin"), StringComparison.Ordinal)
                .Replace("CONFIG", config, StringComparison.Ordinal).Replace("LABELS", labels, StringComparison.Ordinal);
        }
        var r = EdgeCli.Run(args);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains(message, Assert.Single(r.StderrLines), StringComparison.Ordinal);
    }

    [Fact]
    public void Weights_start_a_fresh_run_and_a_checkpoint_wins_over_them()
    {
        var weights = Path.Combine(_dir, "demo.safetensors");
        WeightFile.Export(Network.Build(NetworkCatalog.Load("demo").WithClasses(8), new NetworkOptions(1, Learning: false, Seed: 5)), weights);
        var checkpoint = Path.Combine(_dir, "state");
        var fresh = EdgeCli.Run("run", "--source", "sim:?realtime=false", "--weights", weights, "--checkpoint", checkpoint, "--duration", "1s");
        Assert.True(fresh.ExitCode == 0, fresh.Stderr);
        Assert.Contains("starting from the weights in " + weights, fresh.Stderr, StringComparison.Ordinal);

        var resumed = EdgeCli.Run("run", "--source", "sim:?realtime=false", "--weights", weights, "--checkpoint", checkpoint, "--duration", "1s");
        Assert.True(resumed.ExitCode == 0, resumed.Stderr);
        Assert.Contains($"--weights {weights} ignored: the checkpoint's learned state wins", resumed.Stderr, StringComparison.Ordinal);

        var other = Path.Combine(_dir, "nmnist.safetensors");
        WeightFile.Export(Network.Build(NetworkCatalog.Load("nmnist-small"), new NetworkOptions(1, Learning: false)), other);
        var wrong = EdgeCli.Run("run", "--source", "sim:?realtime=false", "--weights", other, "--duration", "1s");
        Assert.Equal(2, wrong.ExitCode);
        Assert.StartsWith($"edge: {other}: ", Assert.Single(wrong.StderrLines), StringComparison.Ordinal);
    }

    [Fact]
    public void A_run_on_two_threads_saves_a_checkpoint_that_one_thread_resumes()
    {
        var checkpoint = Path.Combine(_dir, "state");
        var two = EdgeCli.Run("run", "--source", "sim:?realtime=false", "--threads", "2", "--checkpoint", checkpoint, "--duration", "1s", "--json");
        Assert.True(two.ExitCode == 0, two.Stderr);
        Assert.Contains("2 thread(s)", two.Stderr, StringComparison.Ordinal);
        var one = EdgeCli.Run("run", "--source", "sim:?realtime=false", "--checkpoint", checkpoint, "--duration", "1s", "--json");
        Assert.True(one.ExitCode == 0, one.Stderr);
        var first = JsonDocument.Parse(two.StdoutLines[^1]).RootElement.GetProperty("samples_total").GetInt64();
        Assert.Equal(first, JsonDocument.Parse(one.StdoutLines[^1]).RootElement.GetProperty("resumed_from_samples").GetInt64());
    }

    private CheckpointStore SavedDemoCheckpoint()
    {
        var spec = NetworkCatalog.Load("demo").WithClasses(8);
        var learner = new StllrLearner(Network.Build(spec, new NetworkOptions(1, Learning: true, Seed: 1)));
        var store = new CheckpointStore(Path.Combine(_dir, "state"));
        store.Save(learner, new LearningProgress(Samples: 5, Correct: 1, Runs: 1));
        return store;
    }
}
