namespace Edge.Sim.Scenes;

/// <summary>Hand movements of <see cref="HandGestureScene"/> (after the DVS-Gesture classes).</summary>
public enum Gesture
{
    /// <summary>One hand draws circles, clockwise on screen.</summary>
    CircleClockwise,

    /// <summary>One hand draws circles, anticlockwise on screen.</summary>
    CircleAnticlockwise,

    /// <summary>The forearm swings side to side about the elbow, hand up.</summary>
    Wave,

    /// <summary>One hand moves up and down.</summary>
    UpDown,

    /// <summary>One hand moves left and right.</summary>
    LeftRight,

    /// <summary>Both hands beat down in turn, like air drums.</summary>
    Drums,

    /// <summary>Both hands meet in front of the body and part again.</summary>
    Clap,

    /// <summary>Both forearms roll around each other in front of the body.</summary>
    ArmRoll,

    /// <summary>One hand holds an invisible guitar's neck out to the side, the other strums.</summary>
    AirGuitar,
}
