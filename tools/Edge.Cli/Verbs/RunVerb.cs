using System.CommandLine;
using Edge.Cli.Cli;
using Edge.Cli.Output;
using Edge.Cli.Settings;
using Edge.Host.Fleet.Board;
using Edge.Host.Runs;
using Edge.Host.Sources;

namespace Edge.Cli.Verbs;

/// <summary>
/// <c>edge run</c>: the long-running entry point on a board (the systemd service runs it). Learns
/// online from a source — labelled by its task, a labels file, or a teacher on stdin, a socket or
/// the board's buttons — predicts every window, logs metrics, checkpoints its learned state and
/// resumes from it. The job itself is <see cref="OnlineRun"/> in the host library.
/// </summary>
internal static class RunVerb
{
    public static Command Create()
    {
        var config = new Option<string?>("--config", "-c")
        {
            Description = "JSON configuration file (keys: " + string.Join(", ", RunSettings.Keys) + "). " +
                          "Precedence: defaults < this file < EDGE_* environment variables < command-line options.",
        };
        var source = new Option<string?>("--source", "-s") { Description = "What to learn from: " + SourceRegistry.Default.Usage + ". Default: sim: (the demo's task)." };
        var network = CommonOptions.Network();
        var mode = new Option<string?>("--mode") { Description = "learn (default; train is an alias) or infer: predict only, nothing is updated and no learning state is kept." };
        var labels = new Option<string?>("--labels")
        {
            Description = "Where labels come from: task (the source's own), FILE (CSV start_us,end_us,label), stdin or socket:PATH (teach commands: " +
                          "label NAME, label -, mode learn|infer, lr X, save), buttons (the board's teach buttons), page (the live page's controls; needs --http) or none. Default: task for a simulated task, none otherwise.",
        };
        var window = new Option<string?>("--window") { Description = "Window length for a stream a teacher labels: 200ms (default), 1s … or auto (windows where the event rate is above --window-rate)." };
        var windowRate = new Option<string?>("--window-rate") { Description = "Events per second above which an automatic window runs (default 20000)." };
        var realtime = new Option<bool>("--realtime") { Description = "Pace a simulated or file source to the wall clock, as a camera would deliver it (a teacher then labels what is shown now)." };
        var checkpoint = new Option<string?>("--checkpoint")
        {
            Description = "Checkpoint folder: each save is a new file, the newest --checkpoint-keep are kept; the run resumes from the newest good one " +
                          "(damaged newer ones are named and moved to DIR/damaged/).",
        };
        var checkpointKeep = new Option<int?>("--checkpoint-keep") { Description = "Checkpoints kept in the folder (default 3)." };
        var freshIfDamaged = new Option<bool>("--fresh-if-damaged")
        {
            Description = "When every checkpoint in the folder is damaged, move them to DIR/damaged/ and start afresh (default: stop with exit 2, changing nothing).",
        };
        var weights = new Option<string?>("--weights") { Description = "Safetensors weights to start from when there is no checkpoint yet (tools/export_stllr_safetensors.py)." };
        var duration = new Option<string?>("--duration", "-d") { Description = "Stop after this wall-clock time: 500ms, 20s, 5m, 2h. Default: until the source ends or Ctrl-C/SIGTERM." };
        var metricsEvery = new Option<string?>("--metrics-every") { Description = "Metrics interval (default 10s)." };
        var checkpointEvery = new Option<string?>("--checkpoint-every") { Description = "Checkpoint interval (default 5m; a checkpoint is also written at exit)." };
        var seed = new Option<int?>("--seed") { Description = "Seed of the initial weights and of simulated sources (default 1)." };
        var learningRate = new Option<float?>("--lr") { Description = "Constant learning rate (default: the spec's; schedules are not applied to an endless stream)." };
        var ring = new Option<int?>("--ring") { Description = "Events buffered between a live camera and the learner (default 1048576)." }
            .Within(1, OptionRanges.MaxRing, "events");
        var threads = new Option<int?>("--threads") { Description = "Threads that share each network step (default 1, at most the cores; results are the same for any count)." }
            .Within(1, OptionRanges.MaxThreads, "threads");
        checkpointKeep.Within(1, 1_000_000, "checkpoints");
        var http = new Option<string?>("--http")
        {
            Description = "Serve the live page on [ADDR:]PORT (default address 127.0.0.1; port 0 lets the system pick; the started line says the URL). " +
                          "A token (http_token in the configuration or EDGE_HTTP_TOKEN) is required on any address other than loopback. See docs/page.md.",
        };
        var fleet = new Option<string?>("--fleet") { Description = "Report to the fleet's MQTT 5 broker, mqtt://HOST:PORT or mqtts://HOST:PORT, and take its commands (docs/fleet.md; user, password and CA in the fleet section, the password also in EDGE_FLEET_PASSWORD)." };
        var boardId = new Option<string?>("--board-id") { Description = "This board's id on the fleet (its topics are edge/ID/…). Default: the host name." };
        var weightSeed = new Option<int?>("--weight-seed") { Description = "Seed of the initial weights when it differs from --seed (boards that merge over the fleet start from the same one). Default: --seed." };
        var printConfig = new Option<bool>("--print-config") { Description = "Check the configuration (keys, source scheme, network, labels file, board pins), print it and exit." };
        var json = CommonOptions.Json();

        var command = new Command("run",
            "Learn online for as long as asked: cuts the source into windows, predicts each one (--json: a prediction line per window) and, " +
            "when a label is taught, learns it test-then-train with S-TLLR; logs metrics at an interval and saves the learned state to " +
            "--checkpoint periodically and at exit (Ctrl-C and SIGTERM end with a final save and exit 130). The next run resumes from it.")
        {
            config, source, network, mode, labels, window, windowRate, realtime, checkpoint, checkpointKeep, freshIfDamaged, weights, duration, metricsEvery,
            checkpointEvery, seed, learningRate, ring, threads, http, fleet, boardId, weightSeed, printConfig, json,
        };
        command.SetAction(parse =>
        {
            var given = new Dictionary<string, string?>(StringComparer.Ordinal);
            void Take<T>(Option<T> option, string key)
            {
                if (parse.GetResult(option) is { Implicit: false })
                {
                    given[key] = Convert.ToString(parse.GetValue(option), System.Globalization.CultureInfo.InvariantCulture);
                }
            }
            Take(source, "source");
            Take(network, "network");
            Take(mode, "mode");
            Take(labels, "labels");
            Take(window, "window");
            Take(windowRate, "window_rate");
            Take(realtime, "realtime");
            Take(checkpoint, "checkpoint");
            Take(checkpointKeep, "checkpoint_keep");
            Take(freshIfDamaged, "fresh_if_damaged");
            Take(weights, "weights");
            Take(duration, "duration");
            Take(metricsEvery, "metrics_every");
            Take(checkpointEvery, "checkpoint_every");
            Take(seed, "seed");
            Take(learningRate, "learning_rate");
            Take(ring, "ring");
            Take(threads, "threads");
            Take(http, "http");
            Take(fleet, "fleet:broker");
            Take(boardId, "fleet:board_id");
            Take(weightSeed, "weight_seed");
            var plan = RunConfiguration.Build(parse.GetValue(config), given);
            if (parse.GetValue(printConfig))
            {
                PrintConfig(plan);
                return ExitCodes.Ok;
            }
            using var logs = Logs.Create(parse.GetValue(CommonOptions.Verbose));
            var options = plan.Fleet is { } fleetOptions
                ? plan.Options with { Extensions = [.. plan.Options.Extensions, new FleetBoard(fleetOptions, logs.CreateLogger("edge.fleet"))] }
                : plan.Options;
            using var run = OnlineRun.Open(options, logs.CreateLogger("edge.run"));
            using var printer = new RunPrinter(parse.GetValue(json), logs.CreateLogger("edge.run"), run.Classes);
            run.Subscribe(printer);
            using var signals = new StopSignal(reason => run.Stop(reason, interrupted: true));
            var summary = run.Run();
            return summary.Interrupted ? ExitCodes.Interrupted : ExitCodes.Ok;
        });
        return command;
    }

    private static void PrintConfig(RunPlan plan)
    {
        var s = plan.Settings;
        JsonLines.Write(new ConfigRow
        {
            Source = s.Source,
            Network = s.Network,
            Mode = RunModes.Name(plan.Options.Mode),
            Labels = s.Labels,
            Window = s.Window,
            WindowRate = s.WindowRate,
            Classes = s.Classes,
            Realtime = s.RealTime,
            Checkpoint = s.Checkpoint,
            CheckpointKeep = s.CheckpointKeep,
            FreshIfDamaged = s.FreshIfDamaged,
            Weights = s.Weights,
            Duration = s.Duration,
            MetricsEvery = s.MetricsEvery,
            CheckpointEvery = s.CheckpointEvery,
            Seed = s.Seed,
            WeightSeed = s.WeightSeed,
            Fleet = plan.Fleet is { } f ? new FleetConfigRow(f.Login.Address.ToString(), f.BoardId, f.Login.Username, f.Login.CaFile, f.Login.Password is not null) : null,
            LearningRate = s.LearningRate,
            Ring = s.Ring,
            Threads = s.Threads,
            Board = s.Board,
            Http = s.Http,
            HttpToken = string.IsNullOrEmpty(s.HttpToken) ? null : "set",
            ConfigFile = plan.ConfigFile,
        }, RunJson.Default.ConfigRow);
    }
}
