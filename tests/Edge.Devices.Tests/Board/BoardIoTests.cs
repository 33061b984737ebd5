using System.Device.Gpio;
using Edge.Devices.Board;
using Edge.Devices.Board.Leds;
using Edge.Devices.Board.Oled;
using Edge.Devices.Board.TeachButtons;
using Edge.Runtime;

namespace Edge.Devices.Tests.Board;

public class BoardIoTests
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(10);

    [Fact]
    public void A_run_loop_shows_predictions_on_leds_and_oled_and_reads_the_teach_label()
    {
        var chip = new FakeGpioDriver();
        var oledBus = new FakeI2cDevice(1, 0x3C);
        var time = new ManualTime();
        var options = new BoardOptions
        {
            Leds = new ClassLedOptions { Pins = [17, 27, 22] },
            TeachButtons = new TeachButtonOptions { Pins = [23, 24, 25] },
            Oled = new OledOptions { MinRefreshMs = 0 },
        };
        using var board = BoardIo.Create(options, new GpioController(chip), _ => oledBus, time, ["up", "down", "still"]);

        chip.Drive(24, PinValue.Low);
        Assert.Equal(1, board.Teach.CurrentLabel);
        board.ShowPrediction(2, 0.5, 800, confidence: 0.9);
        Assert.True(board.Flush(Guard));

        Assert.Equal(PinValue.High, chip.Level(22));
        Assert.Equal(PinValue.Low, chip.Level(17));
        var taughtLed = chip.Level(27);
        board.ShowPrediction(2, 0.5, 800, confidence: 0.9);
        Assert.NotEqual(taughtLed, chip.Level(27)); // the taught class's LED blinks
        Assert.True(board.Flush(Guard));
        var frame = LastFrame(oledBus);
        Assert.Equal("CLASS 2 still", OledTests.ReadLine(frame, 0));
        Assert.Equal("CONF 90% LEARN", OledTests.ReadLine(frame, 2));
        Assert.Equal("ACC 50.0% 800/s", OledTests.ReadLine(frame, 4));
        Assert.Equal("TEACH 1 down", OledTests.ReadLine(frame, 6));
    }

    [Fact]
    public void Without_buttons_nobody_teaches()
    {
        using var board = BoardIo.Create(new BoardOptions { Leds = new ClassLedOptions { Pins = [5] } }, new GpioController(new FakeGpioDriver()));

        board.ShowPrediction(0, double.NaN, 0);

        Assert.Null(board.Teach.CurrentLabel);
    }

    [Fact]
    public void Opening_leds_on_a_machine_without_a_gpio_chip_is_a_device_error()
    {
        if (Directory.Exists("/dev") && Directory.EnumerateFiles("/dev", "gpiochip*").Any())
        {
            return; // a real board: BoardIo.Open would succeed here (checked on the board itself, see README)
        }

        var ex = Assert.Throws<DeviceUnavailableException>(() => BoardIo.Open(new BoardOptions { Leds = new ClassLedOptions { Pins = [17] } }));

        Assert.StartsWith("no GPIO chip (/dev/gpiochip* does not exist)", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Fact]
    public void An_oled_on_a_missing_i2c_bus_is_a_device_error()
    {
        var ex = Assert.Throws<DeviceUnavailableException>(() => BoardIo.Open(new BoardOptions { Oled = new OledOptions { Bus = 97 } }));

        Assert.StartsWith("no I2C bus 97 (/dev/i2c-97 does not exist)", ex.Message, StringComparison.Ordinal);
    }

    private static byte[] LastFrame(FakeI2cDevice bus)
    {
        lock (bus.Writes)
        {
            return [.. bus.Writes.TakeLast(8).SelectMany(page => page.Skip(1))];
        }
    }
}
