using Microsoft.Extensions.Configuration;

namespace Edge.Cli.Settings;

/// <summary>
/// Everything <c>edge run</c> can be told, bound by the configuration binding source generator from
/// defaults &lt; the JSON file (<c>--config</c>) &lt; <c>EDGE_*</c> environment variables &lt; the
/// command line. Keys are snake_case in the file (<c>metrics_every</c>) and upper case in the
/// environment (<c>EDGE_METRICS_EVERY</c>).
/// </summary>
internal sealed class RunSettings
{
    /// <summary>Every key a config file may hold.</summary>
    public static readonly string[] Keys =
    [
        "source", "network", "mode", "labels", "window", "window_rate", "classes", "realtime", "checkpoint", "checkpoint_keep", "fresh_if_damaged", "weights", "duration",
        "metrics_every", "checkpoint_every", "seed", "learning_rate", "ring", "threads", "board", "http", "http_token",
        "weight_seed", "fleet",
    ];

    /// <summary>Source URI (sim:, sim:&lt;task&gt;, file:&lt;path&gt;, a live camera).</summary>
    [ConfigurationKeyName("source")]
    public string Source { get; set; } = "sim:";

    /// <summary>Built-in network name or spec file; empty for the demo network.</summary>
    [ConfigurationKeyName("network")]
    public string? Network { get; set; }

    /// <summary>learn (or train) or infer.</summary>
    [ConfigurationKeyName("mode")]
    public string Mode { get; set; } = "learn";

    /// <summary>Label source: task, a labels CSV, stdin, socket:PATH, buttons, page, fleet or none.</summary>
    [ConfigurationKeyName("labels")]
    public string? Labels { get; set; }

    /// <summary>Window length for streams a teacher labels (200ms), or auto.</summary>
    [ConfigurationKeyName("window")]
    public string? Window { get; set; }

    /// <summary>Event rate (per second) above which an automatic window runs.</summary>
    [ConfigurationKeyName("window_rate")]
    public string? WindowRate { get; set; }

    /// <summary>The classes, when neither the source nor the labels say.</summary>
    [ConfigurationKeyName("classes")]
    public List<string>? Classes { get; set; }

    /// <summary>Pace a simulated or file source to the wall clock.</summary>
    [ConfigurationKeyName("realtime")]
    public bool RealTime { get; set; }

    /// <summary>Checkpoint folder; empty for no checkpoints.</summary>
    [ConfigurationKeyName("checkpoint")]
    public string? Checkpoint { get; set; }

    /// <summary>Checkpoints kept in the folder (each save is a new file).</summary>
    [ConfigurationKeyName("checkpoint_keep")]
    public int CheckpointKeep { get; set; } = Host.Runs.CheckpointFolder.DefaultKeep;

    /// <summary>When every checkpoint in the folder is damaged: set them aside and start afresh instead of stopping.</summary>
    [ConfigurationKeyName("fresh_if_damaged")]
    public bool FreshIfDamaged { get; set; }

    /// <summary>Safetensors weights to start from when there is no checkpoint yet.</summary>
    [ConfigurationKeyName("weights")]
    public string? Weights { get; set; }

    /// <summary>Stop after this wall-clock time (500ms, 20s, 5m, 2h); empty runs until the source ends or a signal.</summary>
    [ConfigurationKeyName("duration")]
    public string? Duration { get; set; }

    /// <summary>Metrics interval.</summary>
    [ConfigurationKeyName("metrics_every")]
    public string MetricsEvery { get; set; } = "10s";

    /// <summary>Checkpoint interval (a checkpoint is also written at exit).</summary>
    [ConfigurationKeyName("checkpoint_every")]
    public string CheckpointEvery { get; set; } = "5m";

    /// <summary>Seed of the network's initial weights and of simulated sources.</summary>
    [ConfigurationKeyName("seed")]
    public int Seed { get; set; } = 1;

    /// <summary>Constant learning rate; unset takes the spec's (a spec's schedule is not applied to an endless stream).</summary>
    [ConfigurationKeyName("learning_rate")]
    public float? LearningRate { get; set; }

    /// <summary>Events buffered between a live camera and the learner.</summary>
    [ConfigurationKeyName("ring")]
    public int Ring { get; set; } = 1 << 20;

    /// <summary>Threads that share each network step (results are bit-identical to one thread).</summary>
    [ConfigurationKeyName("threads")]
    public int Threads { get; set; } = 1;

    /// <summary>Serve the live page on [ADDR:]PORT (default address 127.0.0.1; port 0: the system picks one).</summary>
    [ConfigurationKeyName("http")]
    public string? Http { get; set; }

    /// <summary>The page's token (also EDGE_HTTP_TOKEN; never a command-line option, which other users could read).</summary>
    [ConfigurationKeyName("http_token")]
    public string? HttpToken { get; set; }

    /// <summary>Seed of the network's initial weights when it differs from the source's (boards that merge share it); unset: seed.</summary>
    [ConfigurationKeyName("weight_seed")]
    public int? WeightSeed { get; set; }

    /// <summary>The fleet's broker and this board's login (docs/fleet.md).</summary>
    [ConfigurationKeyName("fleet")]
    public FleetSettings? Fleet { get; set; }

    /// <summary>Board parts to drive: class LEDs, teach buttons, an OLED.</summary>
    [ConfigurationKeyName("board")]
    public BoardSettings? Board { get; set; }
}
