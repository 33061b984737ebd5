using Edge.Runtime.Events;

namespace Edge.Sim.Tasks;

/// <summary>The labelled tasks known by name (for <c>sim:&lt;task&gt;</c> sources and <c>edge demo --task</c>).</summary>
public static class TaskCatalog
{
    /// <summary>The task of <c>edge demo</c> and of a bare <c>sim:</c> source.</summary>
    public const string DefaultTask = "motion";

    /// <summary>Every task.</summary>
    public static IReadOnlyList<TaskInfo> All { get; } =
    [
        new TaskInfo("motion",
            "8 motions in direction pairs (bars right/left, up/down, rotating and circling cw/ccw); counts say nothing",
            new SensorGeometry(32, 32), 200_000, static () => new MotionStimuli()),
        new TaskInfo("digits",
            "N-MNIST-like: digits 0-9 seen through three saccades",
            new SensorGeometry(34, 34), 300_000, static () => new DigitStimuli()),
        new TaskInfo("gestures",
            "DVS-Gesture-like: 8 hand gestures (circles both ways, wave, up-down, left-right, drums, clap, arm roll)",
            new SensorGeometry(64, 64), 500_000, static () => new GestureStimuli()),
    ];

    /// <summary>The task called <paramref name="name"/>, or null.</summary>
    public static TaskInfo? Find(string name)
    {
        foreach (var task in All)
        {
            if (task.Name == name)
            {
                return task;
            }
        }
        return null;
    }

    /// <summary>Generates the task called <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException">No task has that name, or the options do not fit it.</exception>
    public static SimulatedTask Create(string name, TaskOptions options)
    {
        ArgumentNullException.ThrowIfNull(name);
        var task = Find(name) ?? throw new ArgumentException($"unknown task '{name}' (expected {Names()})", nameof(name));
        return new SimulatedTask(task, options);
    }

    private static string Names()
    {
        var names = new string[All.Count];
        for (var i = 0; i < names.Length; i++)
        {
            names[i] = All[i].Name;
        }
        return string.Join(", ", names);
    }
}
