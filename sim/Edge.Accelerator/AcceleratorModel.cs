using Edge.Accelerator.Chips;
using Edge.Accelerator.Counting;
using Edge.Accelerator.Execution;
using Edge.Accelerator.Mapping;
using Edge.Runtime;
using Edge.Runtime.Events;
using Edge.Runtime.Specs;

namespace Edge.Accelerator;

/// <summary>How to run a network on the accelerator model.</summary>
public sealed record ModelOptions
{
    /// <summary>Samples to run.</summary>
    public int Samples { get; init; } = 3;

    /// <summary>Learn with S-TLLR on the chip (test-then-train); false runs inference only.</summary>
    public bool Learn { get; init; } = true;

    /// <summary>Seed of the initial weights.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>Mapping choices.</summary>
    public MappingOptions Mapping { get; init; } = new();
}

/// <summary>
/// The accelerator model end to end: map a spec onto a system, build the chip network from a CPU
/// network's initial weights, run samples of a labelled stream through it (learning as it goes) and
/// report the counts, energy and latency.
/// </summary>
public static class AcceleratorModel
{
    /// <summary>Runs <paramref name="spec"/> on <paramref name="system"/> over <paramref name="framer"/>'s samples.</summary>
    public static AcceleratorReport Run(NetworkSpec spec, SystemDescription system, SegmentFramer framer, string source, ModelOptions? options = null,
        Action<long>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(framer);
        options ??= new ModelOptions();
        var mapping = Mapper.Map(spec, system, options.Mapping with { Learning = options.Learn });
        var initial = Network.Build(spec, new NetworkOptions(1, Learning: false, Seed: options.Seed));
        var network = ChipNetwork.Create(mapping, initial, learning: options.Learn);
        var loop = ChipLoop.For(network, framer);
        while (loop.Samples < options.Samples && loop.Next(out _))
        {
            progress?.Invoke(loop.Samples);
        }
        var accuracy = loop.Labelled == 0 ? 0 : loop.Correct / (double)loop.Labelled;
        return ReportBuilder.Build(network, source, accuracy);
    }
}
