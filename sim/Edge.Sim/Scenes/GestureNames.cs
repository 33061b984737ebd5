namespace Edge.Sim.Scenes;

/// <summary>Short kebab-case names of the gestures, as used in scene and class names.</summary>
public static class GestureNames
{
    /// <summary>The name of <paramref name="gesture"/>, e.g. "circle-cw".</summary>
    public static string Of(Gesture gesture) => gesture switch
    {
        Gesture.CircleClockwise => "circle-cw",
        Gesture.CircleAnticlockwise => "circle-ccw",
        Gesture.Wave => "wave",
        Gesture.UpDown => "up-down",
        Gesture.LeftRight => "left-right",
        Gesture.Drums => "drums",
        Gesture.Clap => "clap",
        Gesture.ArmRoll => "arm-roll",
        Gesture.AirGuitar => "air-guitar",
        _ => throw new ArgumentOutOfRangeException(nameof(gesture), gesture, "unknown gesture"),
    };
}
