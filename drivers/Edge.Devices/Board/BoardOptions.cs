using Edge.Devices.Board.Leds;
using Edge.Devices.Board.Oled;
using Edge.Devices.Board.TeachButtons;

namespace Edge.Devices.Board;

/// <summary>
/// Which board outputs and inputs a run uses and where they are wired: plain data, bound from the
/// run configuration (JSON). A part left null is not used. Pins are GPIO line numbers of the
/// chip (BCM numbers on a Raspberry Pi).
/// </summary>
public sealed record BoardOptions
{
    /// <summary>GPIO chip number (<c>/dev/gpiochipN</c>); null lets System.Device.Gpio pick the board's default.</summary>
    public int? GpioChip { get; init; }

    /// <summary>LEDs that show the predicted class.</summary>
    public ClassLedOptions? Leds { get; init; }

    /// <summary>Buttons that set the label of the live stream for online learning.</summary>
    public TeachButtonOptions? TeachButtons { get; init; }

    /// <summary>An SSD1306/SSD1309 OLED for prediction, running accuracy and event rate.</summary>
    public OledOptions? Oled { get; init; }

    /// <summary>True when any part is configured.</summary>
    public bool Enabled => Leds is not null || TeachButtons is not null || Oled is not null;
}
