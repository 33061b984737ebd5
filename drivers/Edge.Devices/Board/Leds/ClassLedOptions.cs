namespace Edge.Devices.Board.Leds;

/// <summary>How predicted classes light LEDs.</summary>
public enum LedEncoding
{
    /// <summary>LED i lights for class i (classes beyond the LEDs light none).</summary>
    OnePerClass,

    /// <summary>The LEDs show class + 1 in binary (LED 0 = bit 0), so all-dark means "no prediction".</summary>
    Binary,
}

/// <summary>Wiring of the class LEDs.</summary>
public sealed record ClassLedOptions
{
    /// <summary>GPIO lines of the LEDs, in class (or bit) order.</summary>
    public int[] Pins { get; init; } = [];

    /// <summary>True when an LED lights with the line low (wired from 3V3 through the LED to the pin).</summary>
    public bool ActiveLow { get; init; }

    /// <summary>How classes map to LEDs.</summary>
    public LedEncoding Encoding { get; init; } = LedEncoding.OnePerClass;
}
