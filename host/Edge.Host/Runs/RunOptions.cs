using Edge.Devices.Board;
using Edge.Host.Sources;
using Edge.Host.Teaching;
using Edge.Host.Windows;

namespace Edge.Host.Runs;

/// <summary>What an online run is told: where events come from, what labels them, what learns and where its state is kept.</summary>
public sealed record RunOptions
{
    /// <summary>Source URI: <c>sim:</c>, <c>sim:&lt;task|scene&gt;</c>, <c>sim:a@4s,b@4s</c>, <c>file:&lt;path&gt;</c>, a camera.</summary>
    public string Source { get; init; } = "sim:";

    /// <summary>The sources the URI is opened with.</summary>
    public SourceRegistry Sources { get; init; } = SourceRegistry.Default;

    /// <summary>Built-in network name or spec file; null for the demo network.</summary>
    public string? Network { get; init; }

    /// <summary>learn (default) or infer. A run started in infer mode keeps no learning state at all.</summary>
    public RunMode Mode { get; init; } = RunMode.Learn;

    /// <summary>Where labels come from; null: the source's own (a simulated task), none otherwise.</summary>
    public LabelSource? Labels { get; init; }

    /// <summary>How a stream without labelled segments is cut into windows; null: 200 ms windows.</summary>
    public WindowOptions? Window { get; init; }

    /// <summary>The classes, when neither the source nor the labels say (a camera taught on the spot).</summary>
    public IReadOnlyList<string>? Classes { get; init; }

    /// <summary>Checkpoint folder: resumed from when it holds one, saved to periodically and at the end; null for none.</summary>
    public string? Checkpoint { get; init; }

    /// <summary>Checkpoints kept in the folder: each save is a new file, all but the newest this many are deleted.</summary>
    public int CheckpointKeep { get; init; } = Runtime.Checkpoints.CheckpointStore.DefaultKeep;

    /// <summary>
    /// When the folder holds checkpoints and none of them is good: false (the default) stops the run
    /// at start (nothing changed); true moves them to <c>damaged/</c> and starts afresh.
    /// </summary>
    public bool FreshIfDamaged { get; init; }

    /// <summary>How a lost live camera is opened again (<see cref="Runtime.Events.ReopenPolicy.Default"/>); null ends the run when it is lost.</summary>
    public Runtime.Events.ReopenPolicy? SourceReopen { get; init; } = Runtime.Events.ReopenPolicy.Default;

    /// <summary>Safetensors weights to start from when there is no checkpoint yet.</summary>
    public string? Weights { get; init; }

    /// <summary>Stop after this wall-clock time; null runs until the source ends or <see cref="OnlineRun.Stop"/>.</summary>
    public TimeSpan? Duration { get; init; }

    /// <summary>Metrics interval.</summary>
    public TimeSpan MetricsEvery { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Checkpoint interval (a checkpoint is also saved at the end).</summary>
    public TimeSpan CheckpointEvery { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Seed of the initial weights and of simulated sources.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>
    /// Seed of the network's initial weights (and of its fixed feedback and dropout masks) when it
    /// differs from the source's; null takes <see cref="Seed"/>. Boards that start from the same
    /// weight seed may merge what they learned (the fleet) while watching different streams.
    /// </summary>
    public int? WeightSeed { get; init; }

    /// <summary>Constant learning rate; null takes the spec's (a spec's schedule is not applied to an endless stream).</summary>
    public float? LearningRate { get; init; }

    /// <summary>Threads that share each network step (capped at the machine's cores; results are bit-identical for any count).</summary>
    public int Threads { get; init; } = 1;

    /// <summary>Events buffered between a live source and the learner.</summary>
    public int Ring { get; init; } = 1 << 20;

    /// <summary>Pace a simulated or file source to the wall clock, as a camera would deliver it.</summary>
    public bool RealTime { get; init; }

    /// <summary>Board parts to drive (class LEDs, teach buttons, OLED); null for none.</summary>
    public BoardOptions? Board { get; init; }

    /// <summary>Opens the board's parts; null opens the real GPIO chip and I2C bus (<see cref="BoardIo.Open"/>). Tests and simulators pass their own.</summary>
    public Func<BoardOptions, IReadOnlyList<string>, BoardIo>? OpenBoard { get; init; }

    /// <summary>
    /// Parts attached to the run (the live page, the fleet client); one that provides a label
    /// source makes <c>--labels page</c> or <c>--labels fleet</c> valid. Disposed with the run.
    /// </summary>
    public IReadOnlyList<IRunExtension> Extensions { get; init; } = [];

    /// <summary>Where <c>--labels stdin</c> reads commands; null for the process's standard input.</summary>
    public TextReader? CommandInput { get; init; }
}
