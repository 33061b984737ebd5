using Edge.Runtime.Events;
using Edge.Sim.Scenes;
using Edge.Sim.Sensor;
using Edge.Sim.Tasks;

namespace Edge.Host.Sources.Providers;

/// <summary>
/// <c>sim:</c>, <c>sim:&lt;task|scene&gt;</c>, <c>sim:&lt;scene&gt;@&lt;duration&gt;,…</c>: the simulated event
/// camera watching a labelled task, a scene, or known scenes shown in turn (repeating), whose
/// classes a teacher can label as they are shown.
/// </summary>
public sealed class SimSourceProvider : ISourceProvider
{
    /// <inheritdoc />
    public string Scheme => "sim";

    /// <inheritdoc />
    public string Usage => "sim:, sim:<task|scene> or sim:<scene>@<duration>,<scene>@<duration>,… — the simulated sensor (edge simulate --list)";

    /// <inheritdoc />
    public IReadOnlyCollection<string> Parameters { get; } = ["seed", "realtime", "show"];

    /// <inheritdoc />
    public OpenedSource Open(SourceUri uri, SourceOptions options)
    {
        ArgumentNullException.ThrowIfNull(uri);
        ArgumentNullException.ThrowIfNull(options);
        var name = uri.Target.Length == 0 ? TaskCatalog.DefaultTask : uri.Target;
        var seed = uri.GetInt("seed", 0, int.MaxValue) ?? options.Seed;
        var realTime = uri.GetBool("realtime") ?? options.RealTime;
        if (uri.Get("show") is not null && TaskCatalog.Find(name) is null)
        {
            throw new UserInputException($"--source '{uri.Text}': show= picks classes of a simulated task ({string.Join(", ", TaskCatalog.All.Select(t => t.Name))}), not of a scene or schedule");
        }
        if (name.Contains('@', StringComparison.Ordinal))
        {
            var schedule = new SceneSchedule(Schedule(uri, name));
            var camera = new SimulatedEventCamera(schedule, new CameraOptions { Geometry = CameraOptions.DefaultGeometry, Seed = (ulong)seed });
            IEventSource events = realTime ? SimulatedEventCamera.StartRealTime(camera, Math.Min(options.RingCapacity, 1 << 20)) : camera;
            return new OpenedSource { Uri = uri.Text, Scheme = uri.Scheme, Events = events, Truth = schedule };
        }
        if (TaskCatalog.Find(name) is not null)
        {
            var task = TaskCatalog.Create(name, new TaskOptions { Seed = (ulong)seed, ClassWeights = Shown(uri, TaskCatalog.Find(name)!) });
            ILabelledEventSource labelled = realTime ? task.StartRealTime(Math.Min(options.RingCapacity, 1 << 20)) : task;
            var events = new ConcatenatedSegments(labelled);
            return new OpenedSource { Uri = uri.Text, Scheme = uri.Scheme, Events = events, Labelled = labelled, Truth = events };
        }
        if (SceneCatalog.Contains(name))
        {
            var scene = SceneCatalog.Create(name);
            var camera = new SimulatedEventCamera(scene, new CameraOptions
            {
                Geometry = scene.NativeGeometry ?? CameraOptions.DefaultGeometry,
                Seed = (ulong)seed,
            });
            IEventSource events = realTime ? SimulatedEventCamera.StartRealTime(camera, Math.Min(options.RingCapacity, 1 << 20)) : camera;
            return new OpenedSource { Uri = uri.Text, Scheme = uri.Scheme, Events = events };
        }
        throw new UserInputException($"--source '{uri.Text}': no simulated task or scene '{name}' (see 'edge simulate --list')");
    }

    /// <summary>
    /// <c>show=a,b</c>: the task shows only these of its classes (the class list stays the task's, so a
    /// board taught a subset still knows every class — the fleet's boards each see their own); null shows all.
    /// </summary>
    private static double[]? Shown(SourceUri uri, TaskInfo task)
    {
        if (uri.Get("show") is not { } show)
        {
            return null;
        }
        var weights = new double[task.ClassNames.Count];
        foreach (var name in show.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var c = IndexOf(task.ClassNames, name);
            if (c < 0)
            {
                throw new UserInputException($"--source '{uri.Text}': show={show}: task '{task.Name}' has no class '{name}' (classes: {string.Join(", ", task.ClassNames)})");
            }
            weights[c] = 1;
        }
        return Array.IndexOf(weights, 1.0) < 0 ? throw new UserInputException($"--source '{uri.Text}': show= names no class") : weights;
    }

    private static int IndexOf(IReadOnlyList<string> names, string name)
    {
        for (var i = 0; i < names.Count; i++)
        {
            if (names[i] == name)
            {
                return i;
            }
        }
        return -1;
    }

    /// <summary>Parses <c>scene@duration,scene@duration,…</c>.</summary>
    private static List<(string Scene, long DurationUs)> Schedule(SourceUri uri, string text)
    {
        var entries = new List<(string, long)>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            var at = part.LastIndexOf('@');
            var scene = at < 0 ? part : part[..at];
            if (at <= 0 || !SceneCatalog.Contains(scene) || scene.StartsWith(SceneCatalog.FramesPrefix, StringComparison.Ordinal))
            {
                throw new UserInputException(at <= 0
                    ? $"--source '{uri.Text}': '{part}' is not scene@duration (e.g. bar-right@4s)"
                    : $"--source '{uri.Text}': no simulated scene '{scene}' (see 'edge simulate --list')");
            }
            var duration = Durations.Parse(part[(at + 1)..], $"--source '{uri.Text}': the duration of '{scene}'");
            entries.Add((scene, (long)Math.Round(duration.TotalMicroseconds)));
        }
        return entries;
    }
}
