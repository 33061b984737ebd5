using Edge.Runtime.Events;

namespace Edge.Sim.Tasks;

/// <summary>A labelled task: its stimuli, class names and default sensor size and segment length.</summary>
public sealed class TaskInfo
{
    private readonly Func<IStimulusSet> _createStimuli;

    /// <summary>Describes a task whose samples come from the stimulus sets <paramref name="createStimuli"/> makes.</summary>
    /// <param name="name">The name, e.g. "motion".</param>
    /// <param name="description">One line for listings.</param>
    /// <param name="defaultGeometry">Sensor size used unless the options give one.</param>
    /// <param name="defaultSegmentUs">Segment length used unless the options give one.</param>
    /// <param name="createStimuli">Makes a fresh stimulus set (one per generated stream).</param>
    public TaskInfo(string name, string description, SensorGeometry defaultGeometry, long defaultSegmentUs, Func<IStimulusSet> createStimuli)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(description);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(defaultSegmentUs);
        ArgumentNullException.ThrowIfNull(createStimuli);
        Name = name;
        Description = description;
        DefaultGeometry = defaultGeometry;
        DefaultSegmentUs = defaultSegmentUs;
        _createStimuli = createStimuli;
        ClassNames = createStimuli().ClassNames;
    }

    /// <summary>The name.</summary>
    public string Name { get; }

    /// <summary>One line for listings.</summary>
    public string Description { get; }

    /// <summary>The class names, in label order.</summary>
    public IReadOnlyList<string> ClassNames { get; }

    /// <summary>Sensor size used unless the options give one.</summary>
    public SensorGeometry DefaultGeometry { get; }

    /// <summary>Segment length in µs used unless the options give one.</summary>
    public long DefaultSegmentUs { get; }

    /// <summary>A fresh stimulus set.</summary>
    public IStimulusSet CreateStimuli() => _createStimuli();
}
