using System.Device.Gpio;
using Edge.Devices.Board.Leds;

namespace Edge.Devices.Tests.Board;

public class ClassLedsTests
{
    [Fact]
    public void One_led_per_class_lights_the_predicted_one_and_writes_only_changes()
    {
        var chip = new FakeGpioDriver();
        using var gpio = new GpioController(chip);
        using var leds = new ClassLeds(gpio, new ClassLedOptions { Pins = [17, 27, 22] });
        Assert.All(new[] { 17, 27, 22 }, pin => Assert.Equal(PinMode.Output, chip.Modes[pin]));
        chip.Writes.Clear();

        leds.Show(1);
        leds.Show(1);
        leds.Show(2);
        leds.Show(-1);

        Assert.Equal(
            [(27, PinValue.High), (27, PinValue.Low), (22, PinValue.High), (22, PinValue.Low)],
            chip.Writes);
    }

    [Fact]
    public void Binary_encoding_shows_class_plus_one_and_respects_active_low_wiring()
    {
        var chip = new FakeGpioDriver();
        using var gpio = new GpioController(chip);
        using var leds = new ClassLeds(gpio, new ClassLedOptions { Pins = [5, 6, 13], ActiveLow = true, Encoding = LedEncoding.Binary });

        leds.Show(4); // 5 = 0b101: LEDs 0 and 2 lit (line low), LED 1 dark (line high)

        Assert.Equal(7, leds.Capacity);
        Assert.Equal(PinValue.Low, chip.Level(5));
        Assert.Equal(PinValue.High, chip.Level(6));
        Assert.Equal(PinValue.Low, chip.Level(13));
    }

    [Fact]
    public void Dispose_darkens_and_releases_the_lines()
    {
        var chip = new FakeGpioDriver();
        using var gpio = new GpioController(chip);
        var leds = new ClassLeds(gpio, new ClassLedOptions { Pins = [17, 27] });
        leds.Show(0);

        leds.Dispose();

        Assert.Equal(PinValue.Low, chip.Level(17));
        Assert.Empty(chip.OpenPins);
    }
}
