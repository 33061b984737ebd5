using System.Globalization;
using Edge.Devices.Board;
using Edge.Devices.Board.Leds;
using Edge.Devices.Board.Oled;
using Edge.Devices.Board.TeachButtons;
using Edge.Host;
using Microsoft.Extensions.Configuration;

namespace Edge.Cli.Settings;

/// <summary>
/// The <c>board</c> section of the run configuration, snake_case like the other keys:
/// <code>
/// "board": {
///   "gpio_chip": 0,
///   "leds": { "pins": [17, 27], "active_low": false, "encoding": "one-per-class" },
///   "teach_buttons": { "pins": [5, 6], "debounce_ms": 30, "active_low": true },
///   "oled": { "bus": 1, "address": "0x3C", "controller": "ssd1306", "height": 64, "min_refresh_ms": 200 }
/// }
/// </code>
/// </summary>
internal sealed class BoardSettings
{
    /// <summary>Every key of the section and of its parts, for the unknown-key check.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> Keys = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        [""] = ["gpio_chip", "leds", "teach_buttons", "oled"],
        ["leds"] = ["pins", "active_low", "encoding"],
        ["teach_buttons"] = ["pins", "active_low", "debounce_ms"],
        ["oled"] = ["bus", "address", "controller", "width", "height", "min_refresh_ms"],
    };

    [ConfigurationKeyName("gpio_chip")]
    public int? GpioChip { get; set; }

    [ConfigurationKeyName("leds")]
    public LedSettings? Leds { get; set; }

    [ConfigurationKeyName("teach_buttons")]
    public ButtonSettings? TeachButtons { get; set; }

    [ConfigurationKeyName("oled")]
    public OledSettings? Oled { get; set; }

    /// <summary>The board options these settings describe.</summary>
    /// <exception cref="UserInputException">An unknown encoding or controller, or an address that is not a number.</exception>
    public BoardOptions ToOptions() => new()
    {
        GpioChip = GpioChip,
        Leds = Leds is null ? null : new ClassLedOptions
        {
            Pins = [.. Leds.Pins ?? []],
            ActiveLow = Leds.ActiveLow,
            Encoding = Leds.Encoding?.ToLowerInvariant() switch
            {
                null or "one-per-class" => LedEncoding.OnePerClass,
                "binary" => LedEncoding.Binary,
                var other => throw new UserInputException($"board.leds.encoding '{other}' is not one-per-class or binary"),
            },
        },
        TeachButtons = TeachButtons is null ? null : new TeachButtonOptions
        {
            Pins = [.. TeachButtons.Pins ?? []],
            ActiveLow = TeachButtons.ActiveLow ?? true,
            DebounceMs = TeachButtons.DebounceMs ?? 30,
        },
        Oled = Oled is null ? null : new OledOptions
        {
            Bus = Oled.Bus ?? 1,
            Address = Address(Oled.Address),
            Controller = Oled.Controller?.ToLowerInvariant() switch
            {
                null or "ssd1306" => OledController.Ssd1306,
                "ssd1309" => OledController.Ssd1309,
                var other => throw new UserInputException($"board.oled.controller '{other}' is not ssd1306 or ssd1309"),
            },
            Width = Oled.Width ?? 128,
            Height = Oled.Height ?? 64,
            MinRefreshMs = Oled.MinRefreshMs ?? 200,
        },
    };

    private static int Address(string? text)
    {
        if (text is null)
        {
            return 0x3C;
        }
        var hex = text.StartsWith("0x", StringComparison.OrdinalIgnoreCase);
        return int.TryParse(hex ? text[2..] : text, hex ? NumberStyles.HexNumber : NumberStyles.Integer, CultureInfo.InvariantCulture, out var address)
            ? address
            : throw new UserInputException($"board.oled.address '{text}' is not an I2C address (write '0x3C' or 60)");
    }

    internal sealed class LedSettings
    {
        [ConfigurationKeyName("pins")]
        public List<int>? Pins { get; set; }

        [ConfigurationKeyName("active_low")]
        public bool ActiveLow { get; set; }

        [ConfigurationKeyName("encoding")]
        public string? Encoding { get; set; }
    }

    internal sealed class ButtonSettings
    {
        [ConfigurationKeyName("pins")]
        public List<int>? Pins { get; set; }

        [ConfigurationKeyName("active_low")]
        public bool? ActiveLow { get; set; }

        [ConfigurationKeyName("debounce_ms")]
        public int? DebounceMs { get; set; }
    }

    internal sealed class OledSettings
    {
        [ConfigurationKeyName("bus")]
        public int? Bus { get; set; }

        [ConfigurationKeyName("address")]
        public string? Address { get; set; }

        [ConfigurationKeyName("controller")]
        public string? Controller { get; set; }

        [ConfigurationKeyName("width")]
        public int? Width { get; set; }

        [ConfigurationKeyName("height")]
        public int? Height { get; set; }

        [ConfigurationKeyName("min_refresh_ms")]
        public int? MinRefreshMs { get; set; }
    }
}
