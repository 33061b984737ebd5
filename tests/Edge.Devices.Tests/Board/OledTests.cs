using Edge.Devices.Board.Oled;
using Edge.Runtime;

namespace Edge.Devices.Tests.Board;

public class OledTests
{
    [Fact]
    public void Ssd1306_initialises_with_the_datasheet_sequence_then_blanks_and_switches_on()
    {
        var bus = new FakeI2cDevice(1, 0x3C);

        using var oled = new Ssd13xxOled(bus, new OledOptions());

        Assert.Equal(
            "00" + "AE" + "D580" + "A83F" + "D300" + "40" + "8D14" + "2000" + "A1" + "C8" + "DA12" + "81CF" + "D9F1" + "DB20" + "2E" + "A4" + "A6",
            Convert.ToHexString(bus.Writes[0]));
        Assert.Equal("0021007F220007", Convert.ToHexString(bus.Writes[1]));
        for (var page = 0; page < 8; page++)
        {
            Assert.Equal([0x40, .. new byte[128]], bus.Writes[2 + page]);
        }
        Assert.Equal("00AF", Convert.ToHexString(bus.Writes[10]));
    }

    [Fact]
    public void Ssd1309_has_no_charge_pump_and_a_32_row_panel_uses_4_pages()
    {
        var bus = new FakeI2cDevice(1, 0x3D);

        using var oled = new Ssd13xxOled(bus, new OledOptions { Controller = OledController.Ssd1309, Height = 32, Address = 0x3D });

        var init = Convert.ToHexString(bus.Writes[0]);
        Assert.Contains("8D10", init, StringComparison.Ordinal);
        Assert.Contains("A81F", init, StringComparison.Ordinal);
        Assert.Contains("DA02", init, StringComparison.Ordinal);
        Assert.Contains("D922", init, StringComparison.Ordinal);
        Assert.Equal("0021007F220003", Convert.ToHexString(bus.Writes[1]));
        Assert.Equal(4, oled.Pages);
    }

    [Fact]
    public void The_status_screen_writes_the_expected_glyph_columns()
    {
        var screen = new StatusScreen(128, 8, ["left", "right"]);

        var frame = screen.Render(new BoardStatus(1, 0.875, 12_345, TeachLabel: 0, Confidence: 0.634, Learning: false)).ToArray();

        // Four lines, on pages 0, 2, 4 and 6.
        Assert.Equal("CLASS 1 right", ReadLine(frame, 0));
        Assert.Equal("CONF 63% INFER", ReadLine(frame, 2));
        Assert.Equal("ACC 87.5% 12.3k/s", ReadLine(frame, 4));
        Assert.Equal("TEACH 0 left", ReadLine(frame, 6));
        Assert.All(frame.AsSpan(128, 128).ToArray(), b => Assert.Equal(0, b));
    }

    [Fact]
    public void Rendering_allocates_nothing()
    {
        var screen = new StatusScreen(128, 8, ["a", "b"]);
        screen.Render(new BoardStatus(0, 0.5, 10, null));

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 2000; i++)
        {
            screen.Render(new BoardStatus(i % 2, i / 2000.0, i * 1000.0, i % 3 == 0 ? 1 : null));
        }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void An_oled_that_does_not_answer_is_a_device_error_naming_bus_and_address()
    {
        var ex = Assert.Throws<DeviceUnavailableException>(() => new Ssd13xxOled(new FakeI2cDevice(1, 0x3C, answers: false), new OledOptions()));

        Assert.Equal("no OLED answered at 0x3C on I2C bus 1: check the wiring and the address (i2cdetect -y 1)", ex.Message);
    }

    /// <summary>Reads text back from a frame by matching 7-pixel cells against the font's rendering.</summary>
    internal static string ReadLine(byte[] frame, int page)
    {
        var text = new System.Text.StringBuilder();
        for (var cell = 0; cell < 18; cell++)
        {
            var columns = frame.AsSpan((page * 128) + (cell * 7), 6);
            text.Append(GlyphOf(columns));
        }
        return text.ToString().TrimEnd();
    }

    private static readonly Dictionary<string, char> Glyphs = BuildGlyphs();

    private static char GlyphOf(ReadOnlySpan<byte> columns) =>
        Glyphs.TryGetValue(Convert.ToHexString(columns), out var c) ? c : '?';

    private static Dictionary<string, char> BuildGlyphs()
    {
        var glyphs = new Dictionary<string, char>();
        for (var c = '~'; c >= ' '; c--)
        {
            var columns = new byte[6];
            Iot.Device.Max7219.Fonts.CP437[c].Take(6).ToArray().CopyTo(columns, 0);
            glyphs[Convert.ToHexString(columns)] = c;
        }
        return glyphs;
    }
}
