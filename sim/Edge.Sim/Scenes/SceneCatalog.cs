namespace Edge.Sim.Scenes;

/// <summary>A named scene of the catalog (for <c>edge simulate --scene</c> and <c>sim:&lt;scene&gt;</c> sources).</summary>
/// <param name="name">The name, e.g. "bar-right" or "digit-3".</param>
/// <param name="description">One line for listings.</param>
/// <param name="create">Makes the scene with its default parameters.</param>
public sealed class SceneInfo(string name, string description, Func<IScene> create)
{
    /// <summary>The name.</summary>
    public string Name { get; } = name;

    /// <summary>One line for listings.</summary>
    public string Description { get; } = description;

    /// <summary>A new instance of the scene.</summary>
    public IScene Create() => create();
}

/// <summary>
/// The scenes known by name, with default sizes and speeds that suit a 1 kHz sensor at any
/// resolution, plus <c>frames:&lt;folder&gt;</c> for a folder of PGM/PNG frames.
/// </summary>
public static class SceneCatalog
{
    /// <summary>Prefix of a frame-folder scene name: <c>frames:&lt;folder&gt;</c>.</summary>
    public const string FramesPrefix = "frames:";

    /// <summary>Every named scene.</summary>
    public static IReadOnlyList<SceneInfo> All { get; } = Build();

    /// <summary>True when <paramref name="name"/> is a catalog scene or a frames: folder.</summary>
    public static bool Contains(string name) =>
        name.StartsWith(FramesPrefix, StringComparison.Ordinal) || Find(name) is not null;

    /// <summary>
    /// Creates the scene called <paramref name="name"/>; a <c>frames:&lt;folder&gt;</c> name plays
    /// the folder at <paramref name="framesPerSecond"/>.
    /// </summary>
    /// <exception cref="ArgumentException">No scene has that name.</exception>
    public static IScene Create(string name, double framesPerSecond = 30)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.StartsWith(FramesPrefix, StringComparison.Ordinal))
        {
            return new FrameFolderScene(name[FramesPrefix.Length..], framesPerSecond);
        }
        return (Find(name) ?? throw new ArgumentException(
            $"unknown scene '{name}' (see the scene list, or use {FramesPrefix}<folder>)", nameof(name))).Create();
    }

    private static SceneInfo? Find(string name)
    {
        foreach (var scene in All)
        {
            if (scene.Name == name)
            {
                return scene;
            }
        }
        return null;
    }

    private static List<SceneInfo> Build()
    {
        var scenes = new List<SceneInfo>();
        string[] directions = ["right", "up-right", "up", "up-left", "left", "down-left", "down", "down-right"];
        for (var k = 0; k < directions.Length; k++)
        {
            var degrees = 45.0 * k;
            scenes.Add(new SceneInfo($"bar-{directions[k]}", $"a bright bar crossing the sensor, moving {directions[k]}", () => new MovingBarScene { DirectionDegrees = degrees, Speed = 1, Width = 0.08 }));
        }
        foreach (var k in (int[])[0, 2, 4, 6])
        {
            var degrees = 45.0 * k;
            scenes.Add(new SceneInfo($"edge-{directions[k]}", $"a bright edge sweeping {directions[k]}, then its dark trailing edge", () => new MovingBarScene { DirectionDegrees = degrees, Speed = 1, Width = 1.5, Offset = -0.75 }));
        }
        scenes.Add(new SceneInfo("rotating-bar-cw", "a bar turning clockwise about the centre, one turn per second", static () => new RotatingBarScene { Clockwise = true }));
        scenes.Add(new SceneInfo("rotating-bar-ccw", "a bar turning anticlockwise about the centre, one turn per second", static () => new RotatingBarScene { Clockwise = false }));
        scenes.Add(new SceneInfo("blinking-led", "a round LED blinking at 10 Hz", static () => new BlinkingLedScene()));
        scenes.Add(new SceneInfo("moving-dot", "a dot drifting diagonally, wrapping at the borders", static () => new MovingDotScene()));
        scenes.Add(new SceneInfo("circling-dot-cw", "a dot circling the centre clockwise, one lap per second", static () => new CirclingDotScene { Clockwise = true }));
        scenes.Add(new SceneInfo("circling-dot-ccw", "a dot circling the centre anticlockwise, one lap per second", static () => new CirclingDotScene { Clockwise = false }));
        for (var digit = 0; digit <= 9; digit++)
        {
            var d = digit;
            scenes.Add(new SceneInfo($"digit-{d}", $"the digit {d} seen through three N-MNIST-like saccades, repeated", () => new SaccadeDigitScene { Digit = d }));
        }
        foreach (var gesture in Enum.GetValues<Gesture>())
        {
            var g = gesture;
            scenes.Add(new SceneInfo($"gesture-{GestureNames.Of(g)}", $"a person making the '{GestureNames.Of(g)}' hand gesture", () => new HandGestureScene { Gesture = g }));
        }
        return scenes;
    }
}
