using Edge.Cli.Cli;
using Edge.Runtime.Events;
using Edge.Runtime.Online;
using Edge.Sim.Sensor;
using Edge.Sim.Tasks;

namespace Edge.Cli.Demo;

/// <summary>The labelled tasks the demo can learn: the simulator's tasks and the built-in spike patterns.</summary>
internal static class DemoTasks
{
    /// <summary>The runtime's synthetic task, available without the simulated camera.</summary>
    public const string Patterns = "patterns";

    /// <summary>Every task name.</summary>
    public static IEnumerable<string> Names()
    {
        foreach (var t in TaskCatalog.All)
        {
            yield return t.Name;
        }
        yield return Patterns;
    }

    /// <summary>Opens a task as a labelled event stream seen by a camera of <paramref name="geometry"/>.</summary>
    public static ILabelledEventSource Open(string name, int samples, ulong seed, string preset, bool realtime, SensorGeometry geometry)
    {
        if (name == Patterns)
        {
            if (realtime)
            {
                throw new UserInputException("--realtime needs a simulated-camera task, not 'patterns'");
            }
            return new SpikePatternTask(geometry, classes: 10, samples: samples, seed: seed);
        }
        SensorParameters sensor;
        try
        {
            sensor = SensorParameters.FromPreset(preset);
        }
        catch (ArgumentException ex)
        {
            throw new UserInputException($"--preset: {ex.Message}");
        }
        if (TaskCatalog.Find(name) is null)
        {
            throw new UserInputException($"--task: unknown task '{name}' (expected {string.Join(", ", Names())})");
        }
        var task = TaskCatalog.Create(name, new TaskOptions { Samples = samples, Seed = seed, Sensor = sensor, Geometry = geometry });
        return realtime ? task.StartRealTime() : task;
    }
}
