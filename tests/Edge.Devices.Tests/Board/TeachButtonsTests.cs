using System.Device.Gpio;
using Edge.Devices.Board.TeachButtons;

namespace Edge.Devices.Tests.Board;

public class TeachButtonsTests
{
    private static readonly TimeSpan Ms = TimeSpan.FromMilliseconds(1);

    [Fact]
    public void Buttons_use_the_pull_up_and_hold_mode_teaches_while_held()
    {
        var (chip, gpio, time) = Board();
        using var _ = gpio;
        using var buttons = new TeachButtons(gpio, new TeachButtonOptions { Pins = [23, 24, 25] }, time);

        Assert.Equal(PinMode.InputPullUp, chip.Modes[24]);
        Assert.Null(buttons.CurrentLabel);
        chip.Drive(24, PinValue.Low);
        Assert.Equal(1, buttons.CurrentLabel);
        time.Advance(200 * Ms);
        chip.Drive(24, PinValue.High);
        Assert.Null(buttons.CurrentLabel);
        Assert.Equal(1, buttons.Presses);
    }

    [Fact]
    public void Contact_bounce_within_the_debounce_time_is_ignored()
    {
        var (chip, gpio, time) = Board();
        using var _ = gpio;
        using var buttons = new TeachButtons(gpio, new TeachButtonOptions { Pins = [23, 24], DebounceMs = 30, Mode = TeachMode.Toggle }, time);

        // One press of button 0 with bounces on press and release.
        chip.Drive(23, PinValue.Low);
        foreach (var level in new[] { PinValue.High, PinValue.Low, PinValue.High, PinValue.Low })
        {
            time.Advance(2 * Ms);
            chip.Drive(23, level);
        }
        time.Advance(300 * Ms);
        chip.Drive(23, PinValue.High);
        foreach (var level in new[] { PinValue.Low, PinValue.High })
        {
            time.Advance(3 * Ms);
            chip.Drive(23, level);
        }

        Assert.Equal(1, buttons.Presses);
        Assert.Equal(0, buttons.CurrentLabel);

        // Toggle mode: pressing the same button again stops teaching, another button switches.
        time.Advance(500 * Ms);
        chip.Drive(23, PinValue.Low);
        Assert.Null(buttons.CurrentLabel);
        time.Advance(100 * Ms);
        chip.Drive(23, PinValue.High);
        time.Advance(100 * Ms);
        chip.Drive(24, PinValue.Low);
        Assert.Equal(1, buttons.CurrentLabel);
        Assert.Equal(3, buttons.Presses);
    }

    [Fact]
    public void A_release_lost_in_a_bounce_window_heals_on_the_next_press()
    {
        var (chip, gpio, time) = Board();
        using var _ = gpio;
        using var buttons = new TeachButtons(gpio, new TeachButtonOptions { Pins = [23], DebounceMs = 30, Mode = TeachMode.Toggle }, time);

        chip.Drive(23, PinValue.Low);        // press: teach class 0
        time.Advance(10 * Ms);
        chip.Drive(23, PinValue.High);       // a very short tap: the release falls in the bounce window
        time.Advance(400 * Ms);
        chip.Drive(23, PinValue.Low);        // the next press still counts and toggles off

        Assert.Equal(2, buttons.Presses);
        Assert.Null(buttons.CurrentLabel);
    }

    [Fact]
    public void Hold_mode_falls_back_to_another_held_button()
    {
        var (chip, gpio, time) = Board();
        using var _ = gpio;
        using var buttons = new TeachButtons(gpio, new TeachButtonOptions { Pins = [23, 24] }, time);

        chip.Drive(23, PinValue.Low);
        time.Advance(50 * Ms);
        chip.Drive(24, PinValue.Low);
        Assert.Equal(1, buttons.CurrentLabel);
        time.Advance(50 * Ms);
        chip.Drive(24, PinValue.High);
        Assert.Equal(0, buttons.CurrentLabel);
    }

    private static (FakeGpioDriver Chip, GpioController Gpio, ManualTime Time) Board()
    {
        var chip = new FakeGpioDriver();
        return (chip, new GpioController(chip), new ManualTime());
    }
}
