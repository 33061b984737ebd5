using System.CommandLine;
using Edge.Cli.Cli;
using Edge.Cli.Run;
using Edge.Cli.Sources;

namespace Edge.Cli.Verbs;

/// <summary>
/// <c>edge run</c>: the long-running entry point on a board (the systemd service runs it). Learns
/// online from a source, logs metrics, checkpoints its learned state and resumes from it.
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
        var source = new Option<string?>("--source", "-s") { Description = "What to learn from: " + SourceFactory.Usage + ". Default: sim: (the demo's task)." };
        var network = CommonOptions.Network();
        var labels = new Option<string?>("--labels") { Description = "Labels for a source without its own: CSV lines start_us,end_us,label (see docs/run.md)." };
        var checkpoint = new Option<string?>("--checkpoint") { Description = "Folder for the learned state: resumed from when present, saved periodically and at exit." };
        var weights = new Option<string?>("--weights") { Description = "Safetensors weights to start from when there is no checkpoint yet (tools/export_stllr_safetensors.py)." };
        var duration = new Option<string?>("--duration", "-d") { Description = "Stop after this wall-clock time: 500ms, 20s, 5m, 2h. Default: until the source ends or Ctrl-C/SIGTERM." };
        var metricsEvery = new Option<string?>("--metrics-every") { Description = "Metrics interval (default 10s)." };
        var checkpointEvery = new Option<string?>("--checkpoint-every") { Description = "Checkpoint interval (default 5m; a checkpoint is also written at exit)." };
        var seed = new Option<int?>("--seed") { Description = "Seed of the initial weights and of simulated sources (default 1)." };
        var learningRate = new Option<float?>("--lr") { Description = "Constant learning rate (default: the spec's; schedules are not applied to an endless stream)." };
        var ring = new Option<int?>("--ring") { Description = "Events buffered between a live camera and the learner (default 1048576)." };
        var threads = new Option<int?>("--threads") { Description = "Threads that share each network step (default 1; results are the same for any count)." };
        var printConfig = new Option<bool>("--print-config") { Description = "Print the effective configuration and exit." };
        var json = CommonOptions.Json();

        var command = new Command("run",
            "Learn online for as long as asked: bins the source's events into frames and trains the network test-then-train " +
            "with S-TLLR, logs metrics (events/s, steps/s, running accuracy, events dropped) to stderr at an interval, and " +
            "saves the learned state to --checkpoint periodically and at exit (Ctrl-C and SIGTERM end with a final save and exit 130). " +
            "The next run resumes from it.")
        {
            config, source, network, labels, checkpoint, weights, duration, metricsEvery, checkpointEvery, seed, learningRate, ring, threads, printConfig, json,
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
            Take(labels, "labels");
            Take(checkpoint, "checkpoint");
            Take(weights, "weights");
            Take(duration, "duration");
            Take(metricsEvery, "metrics_every");
            Take(checkpointEvery, "checkpoint_every");
            Take(seed, "seed");
            Take(learningRate, "learning_rate");
            Take(ring, "ring");
            Take(threads, "threads");
            var plan = RunConfiguration.Build(parse.GetValue(config), given);
            if (parse.GetValue(printConfig))
            {
                PrintConfig(plan);
                return ExitCodes.Ok;
            }
            using var logs = Logs.Create(parse.GetValue(CommonOptions.Verbose));
            return OnlineRun.Execute(plan, parse.GetValue(json), logs.CreateLogger("edge.run"));
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
            Labels = s.Labels,
            Checkpoint = s.Checkpoint,
            Weights = s.Weights,
            Duration = s.Duration,
            MetricsEvery = s.MetricsEvery,
            CheckpointEvery = s.CheckpointEvery,
            Seed = s.Seed,
            LearningRate = s.LearningRate,
            Ring = s.Ring,
            Threads = s.Threads,
            ConfigFile = plan.ConfigFile,
        }, RunJson.Default.ConfigRow);
    }
}
