namespace Edge.Devices.Board.Oled;

/// <summary>The controller chip of a monochrome OLED module.</summary>
public enum OledController
{
    /// <summary>SSD1306 (internal charge pump; the common 0.96" modules).</summary>
    Ssd1306,

    /// <summary>SSD1309 (external VCC, no charge pump; 1.3"–2.4" modules).</summary>
    Ssd1309,
}

/// <summary>Wiring and size of the status OLED.</summary>
public sealed record OledOptions
{
    /// <summary>I2C bus number (<c>/dev/i2c-N</c>; 1 on a Raspberry Pi's header).</summary>
    public int Bus { get; init; } = 1;

    /// <summary>7-bit I2C address (0x3C, or 0x3D with the address jumper).</summary>
    public int Address { get; init; } = 0x3C;

    /// <summary>The controller chip.</summary>
    public OledController Controller { get; init; } = OledController.Ssd1306;

    /// <summary>Pixels per row (128).</summary>
    public int Width { get; init; } = 128;

    /// <summary>Rows: 64 or 32.</summary>
    public int Height { get; init; } = 64;

    /// <summary>Shortest time between two screen refreshes (an I2C frame takes about 25 ms at 400 kHz).</summary>
    public int MinRefreshMs { get; init; } = 200;
}
