using Edge.Runtime.Events;

namespace Edge.Sim.Scenes;

/// <summary>
/// Known scenes shown in turn, each for its own time, repeating for ever: what a teacher labels
/// when a board is taught on the simulated camera (<c>sim:bar-right@4s,bar-left@4s</c>). Each
/// scene restarts its own clock when it comes on. The scenes are the classes, in schedule order
/// (a scene named twice is one class), and the schedule knows which one covers any stretch of time.
/// </summary>
public sealed class SceneSchedule : IScene, IClassTimeline
{
    private readonly IScene[] _scenes;
    private readonly int[] _classOf;
    private readonly long[] _startUs;
    private readonly string[] _names;

    /// <summary>Shows <paramref name="entries"/> in turn: a scene name (from <see cref="SceneCatalog"/>) and how long it stays.</summary>
    /// <exception cref="ArgumentException">No entries, an unknown scene, or a duration that is not positive.</exception>
    public SceneSchedule(IReadOnlyList<(string Scene, long DurationUs)> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        if (entries.Count == 0)
        {
            throw new ArgumentException("a schedule needs at least one scene", nameof(entries));
        }
        _scenes = new IScene[entries.Count];
        _classOf = new int[entries.Count];
        _startUs = new long[entries.Count];
        var names = new List<string>();
        long at = 0;
        for (var i = 0; i < entries.Count; i++)
        {
            var (scene, duration) = entries[i];
            if (duration <= 0)
            {
                throw new ArgumentException($"scene '{scene}' needs a positive duration", nameof(entries));
            }
            _scenes[i] = SceneCatalog.Create(scene);
            var index = names.IndexOf(scene);
            if (index < 0)
            {
                index = names.Count;
                names.Add(scene);
            }
            _classOf[i] = index;
            _startUs[i] = at;
            at += duration;
        }
        CycleUs = at;
        _names = [.. names];
    }

    /// <summary>Length of one pass through the schedule.</summary>
    public long CycleUs { get; }

    /// <inheritdoc />
    public IReadOnlyList<string> ClassNames => _names;

    /// <inheritdoc />
    public long? DurationUs => null;

    /// <inheritdoc />
    public SensorGeometry? NativeGeometry => null;

    /// <inheritdoc />
    public void Render(long timeUs, SensorGeometry geometry, Span<float> frame)
    {
        var (entry, since) = At(timeUs);
        _scenes[entry].Render(since, geometry, frame);
    }

    /// <summary>The class shown at <paramref name="timeUs"/>.</summary>
    public int ClassAt(long timeUs) => _classOf[At(timeUs).Entry];

    /// <inheritdoc />
    public int ClassOf(long startUs, long endUs)
    {
        if (endUs <= startUs)
        {
            return ClassAt(startUs);
        }
        Span<long> covered = stackalloc long[_names.Length];
        covered.Clear();
        var t = startUs;
        while (t < endUs)
        {
            var (entry, since) = At(t);
            var next = entry + 1 < _scenes.Length ? _startUs[entry + 1] : CycleUs;
            var until = Math.Min(endUs, t - since + (next - _startUs[entry]));
            covered[_classOf[entry]] += until - t;
            t = until;
        }
        var best = 0;
        for (var c = 1; c < covered.Length; c++)
        {
            if (covered[c] > covered[best])
            {
                best = c;
            }
        }
        return best;
    }

    /// <summary>The entry shown at <paramref name="timeUs"/> and the time since it came on.</summary>
    private (int Entry, long Since) At(long timeUs)
    {
        var inCycle = ((timeUs % CycleUs) + CycleUs) % CycleUs;
        var entry = _startUs.Length - 1;
        while (_startUs[entry] > inCycle)
        {
            entry--;
        }
        return (entry, inCycle - _startUs[entry]);
    }
}
