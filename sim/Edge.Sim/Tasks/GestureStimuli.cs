using Edge.Runtime;
using Edge.Sim.Scenes;

namespace Edge.Sim.Tasks;

/// <summary>
/// DVS-Gesture-like hand gestures: each sample is one of eight <see cref="Gesture"/>s (all but air
/// guitar, the task's classes since it was made) by a figure of random size, position, tempo, phase
/// and clothing/skin contrast.
/// </summary>
public sealed class GestureStimuli : IStimulusSet
{
    private static readonly Gesture[] Gestures =
    [
        Gesture.CircleClockwise, Gesture.CircleAnticlockwise, Gesture.Wave, Gesture.UpDown,
        Gesture.LeftRight, Gesture.Drums, Gesture.Clap, Gesture.ArmRoll,
    ];
    private static readonly string[] Names = BuildNames();

    private readonly HandGestureScene _scene = new();

    /// <inheritdoc />
    public IReadOnlyList<string> ClassNames => Names;

    /// <inheritdoc />
    public IScene Prepare(int classIndex, Rng random)
    {
        ArgumentNullException.ThrowIfNull(random);
        ArgumentOutOfRangeException.ThrowIfNegative(classIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(classIndex, Names.Length);
        var gesture = Gestures[classIndex];
        _scene.Gesture = gesture;
        // Drumming is quick; the other gestures take about half a second per cycle.
        _scene.PeriodSeconds = (gesture == Gesture.Drums ? 0.3 : 0.5) * random.Uniform(0.8, 1.25);
        _scene.Phase = random.NextDouble();
        _scene.Size = random.Uniform(0.8, 1.0);
        _scene.CentreX = random.Uniform(-0.06, 0.06);
        _scene.CentreY = random.Uniform(-0.04, 0.04);
        _scene.Background = (float)random.Uniform(20, 50);
        _scene.Body = _scene.Background + (float)random.Uniform(20, 50);
        _scene.Skin = (float)random.Uniform(150, 230);
        return _scene;
    }

    private static string[] BuildNames()
    {
        var names = new string[Gestures.Length];
        for (var i = 0; i < names.Length; i++)
        {
            names[i] = GestureNames.Of(Gestures[i]);
        }
        return names;
    }
}
