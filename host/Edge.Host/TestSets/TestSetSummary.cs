using Edge.Drivers.Datasets;

namespace Edge.Host.TestSets;

/// <summary>What a generator made.</summary>
/// <param name="Kind">The set.</param>
/// <param name="Variant">Its sensor.</param>
/// <param name="Seed">Its seed.</param>
/// <param name="Folder">Where it is.</param>
/// <param name="Layout">The dataset layout it is written in (<c>--dataset LAYOUT:FOLDER</c>).</param>
/// <param name="TrainSamples">Labelled training samples.</param>
/// <param name="TestSamples">Labelled test samples.</param>
/// <param name="Classes">Classes it fills.</param>
/// <param name="Events">Events (spikes) written in all.</param>
/// <param name="Seconds">Wall-clock seconds the generation took.</param>
public sealed record TestSetSummary(
    TestSetKind Kind,
    SensorVariant Variant,
    ulong Seed,
    string Folder,
    DatasetKind Layout,
    int TrainSamples,
    int TestSamples,
    int Classes,
    long Events,
    double Seconds);
