using System.Device.I2c;
using Iot.Device.Ssd13xx.Commands;
using Iot.Device.Ssd13xx.Commands.Ssd1306Commands;
using Edge.Runtime;

namespace Edge.Devices.Board.Oled;

/// <summary>
/// An SSD1306 or SSD1309 OLED on I2C, driven with the controller's own command set (the command
/// encodings come from Iot.Device.Bindings' Ssd13xx commands): initialised once, then whole frames
/// of 1-bit pages are written. Iot.Device.Bindings' Ssd1306 class needs a registered image factory
/// (SkiaSharp) just to be constructed, and has no SSD1309-over-I2C variant, so the bytes go
/// straight to the <see cref="I2cDevice"/>. Writing a frame allocates nothing.
/// </summary>
public sealed class Ssd13xxOled : IDisposable
{
    private const byte CommandStream = 0x00;
    private const byte DataStream = 0x40;
    private readonly I2cDevice _device;
    private readonly byte[] _window;
    private readonly byte[] _pageData;

    /// <summary>Initialises the display (blank, on).</summary>
    /// <exception cref="DeviceUnavailableException">Nothing answers at the address.</exception>
    public Ssd13xxOled(I2cDevice device, OledOptions options)
    {
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Width is <= 0 or > 128 || options.Height is not (32 or 64))
        {
            throw new ArgumentException($"an SSD13xx OLED is up to 128 wide and 32 or 64 high, not {options.Width}x{options.Height}", nameof(options));
        }
        _device = device;
        Width = options.Width;
        Height = options.Height;
        Pages = Height / 8;
        _window = [CommandStream, .. new SetColumnAddress(0, (byte)(Width - 1)).GetBytes(), .. new SetPageAddress(PageAddress.Page0, (PageAddress)(Pages - 1)).GetBytes()];
        _pageData = new byte[Width + 1];
        _pageData[0] = DataStream;
        try
        {
            Send(InitSequence(options));
            Show(new byte[Pages * Width]);
            Send(new SetDisplayOn());
        }
        catch (IOException ex)
        {
            var settings = device.ConnectionSettings;
            throw new DeviceUnavailableException(
                $"no OLED answered at 0x{settings.DeviceAddress:X2} on I2C bus {settings.BusId}: check the wiring and the address (i2cdetect -y {settings.BusId})", ex);
        }
    }

    /// <summary>Pixels per row.</summary>
    public int Width { get; }

    /// <summary>Rows.</summary>
    public int Height { get; }

    /// <summary>8-row pages (a frame is <see cref="Pages"/> × <see cref="Width"/> bytes).</summary>
    public int Pages { get; }

    /// <summary>
    /// Writes a frame: <see cref="Pages"/> rows of <see cref="Width"/> bytes, page by page; in each
    /// byte bit 0 is the top pixel of the 8-row page.
    /// </summary>
    public void Show(ReadOnlySpan<byte> frame)
    {
        if (frame.Length != Pages * Width)
        {
            throw new ArgumentException($"a frame is {Pages * Width} bytes, not {frame.Length}", nameof(frame));
        }
        _device.Write(_window);
        for (var page = 0; page < Pages; page++)
        {
            frame.Slice(page * Width, Width).CopyTo(_pageData.AsSpan(1));
            _device.Write(_pageData);
        }
    }

    private static ICommand[] InitSequence(OledOptions options)
    {
        var ssd1306 = options.Controller == OledController.Ssd1306;
        return
        [
            new SetDisplayOff(),
            new SetDisplayClockDivideRatioOscillatorFrequency(0x00, 0x08),
            new SetMultiplexRatio((byte)(options.Height - 1)),
            new SetDisplayOffset(0),
            new SetDisplayStartLine(0),
            // SSD1306 modules run their panel from the internal charge pump; SSD1309 has none.
            new SetChargePump(ssd1306),
            new SetMemoryAddressingMode(SetMemoryAddressingMode.AddressingMode.Horizontal),
            new SetSegmentReMap(true),
            new SetComOutputScanDirection(false),
            new SetComPinsHardwareConfiguration(alternativeComPinConfiguration: options.Height == 64),
            new SetContrastControlForBank0(0xCF),
            new SetPreChargePeriod(ssd1306 ? (byte)0x01 : (byte)0x02, ssd1306 ? (byte)0x0F : (byte)0x02),
            new SetVcomhDeselectLevel(),
            new DeactivateScroll(),
            new EntireDisplayOn(false),
            new SetNormalDisplay(),
        ];
    }

    private void Send(params ReadOnlySpan<ICommand> commands)
    {
        var bytes = new List<byte> { CommandStream };
        foreach (var command in commands)
        {
            bytes.AddRange(command.GetBytes());
        }
        _device.Write(bytes.ToArray());
    }

    /// <summary>Switches the panel off and releases the I2C device.</summary>
    public void Dispose()
    {
        try
        {
            Send(new SetDisplayOff());
        }
        catch (IOException)
        {
            // Unplugged: nothing left to switch off.
        }
        _device.Dispose();
    }
}
