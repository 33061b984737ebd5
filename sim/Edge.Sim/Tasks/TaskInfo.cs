using Edge.Runtime.Events;

namespace Edge.Sim.Tasks;

/// <summary>A named task of the catalog.</summary>
/// <param name="Name">The name, e.g. "motion".</param>
/// <param name="Description">One line for listings.</param>
/// <param name="ClassNames">The class names, in label order.</param>
/// <param name="DefaultGeometry">Sensor size used unless the options give one.</param>
/// <param name="DefaultSegmentUs">Segment length used unless the options give one.</param>
public sealed record TaskInfo(
    string Name,
    string Description,
    IReadOnlyList<string> ClassNames,
    SensorGeometry DefaultGeometry,
    long DefaultSegmentUs)
{
    internal Func<IStimulusSet> CreateStimuli { get; init; } = static () => new MotionStimuli();
}
