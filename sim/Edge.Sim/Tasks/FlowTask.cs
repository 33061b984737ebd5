using Edge.Runtime.Events;
using Edge.Sim.Scenes;

namespace Edge.Sim.Tasks;

/// <summary>
/// The simulated flow task: segments of textures that translate, rotate, expand or contract
/// (<see cref="FlowStimuli"/>) seen by the simulated camera, each with its exact flow map. The
/// label of a segment is its motion kind. Reproducible from <see cref="TaskOptions.Seed"/>; the
/// options' <see cref="TaskOptions.Classes"/> keep some motion kinds only. Allocates nothing per
/// segment or event.
/// </summary>
public sealed class FlowTask : IFlowEventSource
{
    /// <summary>The task's entry: 32×32 sensor, 50 ms segments.</summary>
    public static TaskInfo Info { get; } = new("flow",
        "optical flow: random textures translating in any direction, rotating either way, expanding or contracting; every pixel's motion known",
        new SensorGeometry(32, 32), 50_000, static () => new FlowStimuli());

    private readonly SimulatedTask _task;

    /// <summary>Generates a stream of the flow task.</summary>
    /// <exception cref="ArgumentException">The options do not fit the task (unknown motion kind, weights, rates).</exception>
    public FlowTask(TaskOptions options)
    {
        _task = new SimulatedTask(Info, options);
    }

    /// <summary>The underlying labelled stream (camera, labels, segment length).</summary>
    public SimulatedTask Task => _task;

    /// <inheritdoc />
    public SensorGeometry Geometry => _task.Geometry;

    /// <inheritdoc />
    public int ClassCount => _task.ClassCount;

    /// <inheritdoc />
    public IReadOnlyList<string> ClassNames => _task.ClassNames;

    /// <inheritdoc />
    public bool MoveNext(out Segment segment) => _task.MoveNext(out segment);

    /// <inheritdoc />
    public int Read(Span<DvsEvent> destination) => _task.Read(destination);

    /// <inheritdoc />
    public bool TrueFlow(Span<float> flow)
    {
        if (_task.CurrentScene is not IFlowScene scene)
        {
            return false;
        }
        scene.Flow(0, _task.SegmentUs, Geometry, flow);
        return true;
    }

    /// <inheritdoc />
    public void Dispose() => _task.Dispose();
}
