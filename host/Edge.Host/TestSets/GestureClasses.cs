using Edge.Runtime;
using Edge.Sim.Scenes;

namespace Edge.Host.TestSets;

/// <summary>
/// The eleven DVS Gesture classes played by <see cref="HandGestureScene"/>. "Right" is the hand on
/// the image's right (the scene as drawn), "left" the mirrored figure, so a left-arm circle that is
/// clockwise on screen is the mirror of an anticlockwise one. Class 11 ("other gestures") is an
/// up-down or left-right movement of either hand.
/// </summary>
internal static class GestureClasses
{
    /// <summary>Sets <paramref name="scene"/> to class <paramref name="label"/> (1 … 11, the labels-file numbering).</summary>
    public static void Apply(HandGestureScene scene, int label, Rng random)
    {
        var (gesture, mirrored) = label switch
        {
            1 => (Gesture.Clap, false),
            2 => (Gesture.Wave, false),
            3 => (Gesture.Wave, true),
            4 => (Gesture.CircleClockwise, false),
            5 => (Gesture.CircleAnticlockwise, false),
            6 => (Gesture.CircleAnticlockwise, true),
            7 => (Gesture.CircleClockwise, true),
            8 => (Gesture.ArmRoll, false),
            9 => (Gesture.Drums, false),
            10 => (Gesture.AirGuitar, false),
            11 => (random.Bernoulli(0.5) ? Gesture.UpDown : Gesture.LeftRight, random.Bernoulli(0.5)),
            _ => throw new ArgumentOutOfRangeException(nameof(label), label, "gesture classes are 1 … 11"),
        };
        scene.Gesture = gesture;
        scene.Mirrored = mirrored;
    }

    /// <summary>Seconds per movement cycle at tempo 1: drumming and strumming are quick, the rest take half a second.</summary>
    public static double BasePeriodSeconds(Gesture gesture) => gesture is Gesture.Drums or Gesture.AirGuitar ? 0.3 : 0.5;
}
