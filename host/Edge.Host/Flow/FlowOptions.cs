using Edge.Runtime.Learning.Flow;

namespace Edge.Host.Flow;

/// <summary>What <see cref="FlowRun"/> learns, from where, and how it reports.</summary>
public sealed record FlowOptions
{
    /// <summary>The network the job learns when none is named.</summary>
    public const string DefaultNetwork = "flow-unet";

    /// <summary>Samples learned when none are asked for: about a minute on the default network and task.</summary>
    public const int DefaultSamples = 2000;

    /// <summary>
    /// The source: <c>sim:</c> (the simulated flow task; <c>?kinds=translate,rotate-cw,…</c>,
    /// <c>segment=MS</c>, <c>preset=clean|default|noisy</c>), or <c>mvsec:PATH_data.hdf5</c>
    /// (<c>?gt=PATH_gt.hdf5</c>, default the <c>_gt.hdf5</c> beside it).
    /// </summary>
    public string Source { get; init; } = "sim:";

    /// <summary>A built-in network name or a spec file; it must end with a readout-flow layer.</summary>
    public string? Network { get; init; }

    /// <summary>The learning rule (stllr or bptt); null takes the spec's.</summary>
    public string? Rule { get; init; }

    /// <summary>Samples to learn (the simulated task is generated with this many; a recording stops after them).</summary>
    public int Samples { get; init; } = DefaultSamples;

    /// <summary>Seed of the task, the initial weights and the event subsample.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>A progress row every this many samples.</summary>
    public int ReportEvery { get; init; } = 100;

    /// <summary>Which loss teaches each sample (auto: the endpoint error where there is truth, else self-supervised).</summary>
    public FlowLossKind Loss { get; init; } = FlowLossKind.Auto;

    /// <summary>Threads that share each network step (bit-identical results; layers that do not split run on one).</summary>
    public int Threads { get; init; } = 1;
}
