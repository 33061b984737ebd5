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

    /// <summary>
    /// Checks the wiring before any device is opened: pins are line numbers from 0, none is used
    /// twice, LEDs and buttons have pins, the OLED's address is a 7-bit I2C address.
    /// </summary>
    /// <returns>The first problem, in one line naming the setting, or null when there is none.</returns>
    public string? FirstProblem()
    {
        var used = new Dictionary<int, string>();
        string? Claim(int[] pins, string part)
        {
            if (pins.Length == 0)
            {
                return $"{part} has no pins";
            }
            foreach (var pin in pins)
            {
                if (pin < 0)
                {
                    return $"{part}: pin {pin} is not a GPIO line number";
                }
                if (!used.TryAdd(pin, part))
                {
                    return $"pin {pin} is used twice ({used[pin]} and {part})";
                }
            }
            return null;
        }
        if (Leds is { } leds && Claim(leds.Pins, "leds.pins") is { } ledProblem)
        {
            return ledProblem;
        }
        if (TeachButtons is { } buttons)
        {
            if (Claim(buttons.Pins, "teach_buttons.pins") is { } buttonProblem)
            {
                return buttonProblem;
            }
            if (buttons.DebounceMs is < 0 or > 10_000)
            {
                return $"teach_buttons.debounce_ms {buttons.DebounceMs} must be from 0 to 10000";
            }
        }
        if (Oled is { } oled)
        {
            if (oled.Bus < 0)
            {
                return $"oled.bus {oled.Bus} is not an I2C bus number";
            }
            if (oled.Address is < 0x03 or > 0x77)
            {
                return $"oled.address {oled.Address} is not a 7-bit I2C address (0x03 to 0x77)";
            }
            if (oled.MinRefreshMs < 0)
            {
                return $"oled.min_refresh_ms {oled.MinRefreshMs} must not be negative";
            }
        }
        if (GpioChip is < 0)
        {
            return $"gpio_chip {GpioChip} is not a chip number";
        }
        return null;
    }
}
