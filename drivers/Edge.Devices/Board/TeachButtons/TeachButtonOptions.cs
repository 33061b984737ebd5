namespace Edge.Devices.Board.TeachButtons;

/// <summary>How a teach button sets the label.</summary>
public enum TeachMode
{
    /// <summary>The label is the button's class while it is held (show the gesture, hold its button).</summary>
    Hold,

    /// <summary>A press sets the button's class until the same button is pressed again.</summary>
    Toggle,
}

/// <summary>Wiring of the teach buttons.</summary>
public sealed record TeachButtonOptions
{
    /// <summary>GPIO lines of the buttons; button i teaches class i.</summary>
    public int[] Pins { get; init; } = [];

    /// <summary>True (default) for buttons that pull the line to ground, with the internal pull-up on.</summary>
    public bool ActiveLow { get; init; } = true;

    /// <summary>Edges within this time after an accepted change are contact bounce and ignored.</summary>
    public int DebounceMs { get; init; } = 30;

    /// <summary>How a press sets the label.</summary>
    public TeachMode Mode { get; init; } = TeachMode.Hold;
}
