using System.Device.Gpio;
using Edge.Devices.Board;
using Edge.Devices.Board.Leds;
using Edge.Devices.Board.Oled;
using Edge.Devices.Board.TeachButtons;
using Edge.Devices.Tests.Board;
using Edge.Host.Runs;
using Edge.Host.Teaching;

namespace Edge.Host.Tests.Runs;

public sealed class TeachOnBoardTests
{
    private static readonly int[] Leds = [17, 27];
    private static readonly int[] Buttons = [5, 6];

    [Fact]
    public void Holding_a_teach_button_while_each_class_is_shown_teaches_the_board_and_its_leds_then_follow_the_class_shown()
    {
        var chip = new FakeGpioDriver();
        var oled = new FakeI2cDevice(1, 0x3C);
        var time = new ManualTime();
        chip.Drive(Buttons[0], PinValue.High); // released (active-low buttons)
        chip.Drive(Buttons[1], PinValue.High);
        var options = new RunOptions
        {
            Source = "sim:bar-right@1s,bar-left@1s",
            Labels = new LabelSource(LabelSourceKind.Buttons),
            Board = new BoardOptions
            {
                Leds = new ClassLedOptions { Pins = Leds },
                TeachButtons = new TeachButtonOptions { Pins = Buttons, DebounceMs = 0 },
                Oled = new OledOptions { MinRefreshMs = 0 },
            },
            OpenBoard = (board, classes) => BoardIo.Create(board, new GpioController(chip), _ => oled, time, classes),
        };
        using var run = OnlineRun.Open(options);
        var teacher = new ButtonTeacher(run, chip, time, taughtCycles: 6, untaughtCycles: 4);
        run.Subscribe(teacher);

        var summary = run.Run();

        Assert.Equal(["bar-right", "bar-left"], run.Classes);
        Assert.True(teacher.Untaught >= 30, $"{teacher.Untaught} untaught windows");
        var share = teacher.LedsFollowTruth / (double)teacher.Untaught;
        Assert.True(share >= 0.8, $"the LEDs showed the class shown on {share:0.00} of {teacher.Untaught} untaught windows");
        Assert.True(teacher.Taught >= 40, $"{teacher.Taught} taught windows");
        Assert.True(teacher.TaughtRight >= 0.9 * teacher.Taught, $"{teacher.TaughtRight} of {teacher.Taught} taught windows were labelled with the class shown");
        Assert.Equal(teacher.Taught, summary.Samples);
        Assert.NotEmpty(oled.Writes);
    }

    /// <summary>Holds the button of the class the next window will show for the first cycles, then lets go and checks the LEDs.</summary>
    private sealed class ButtonTeacher(OnlineRun run, FakeGpioDriver chip, ManualTime time, int taughtCycles, int untaughtCycles) : IRunObserver
    {
        private const long CycleUs = 2_000_000;

        public int Untaught { get; private set; }

        public int LedsFollowTruth { get; private set; }

        public int Taught { get; private set; }

        public int TaughtRight { get; private set; }

        public void OnPrediction(in WindowPrediction p)
        {
            var cycle = p.EndUs / CycleUs;
            if (p.Label >= 0)
            {
                Taught++;
                TaughtRight += p.Label == p.Truth ? 1 : 0;
            }
            if (p.Label < 0 && cycle > taughtCycles)
            {
                Untaught++;
                var lit = chip.Level(Leds[p.Truth]) == PinValue.High && chip.Level(Leds[1 - p.Truth]) == PinValue.Low;
                LedsFollowTruth += lit ? 1 : 0;
            }
            // The next window starts at p.EndUs: press the button of the class shown then.
            var next = (int)(p.EndUs / 1_000_000 % 2);
            var teach = cycle < taughtCycles;
            chip.Drive(Buttons[0], teach && next == 0 ? PinValue.Low : PinValue.High);
            chip.Drive(Buttons[1], teach && next == 1 ? PinValue.Low : PinValue.High);
            time.Advance(TimeSpan.FromMilliseconds(1));
            if (cycle >= taughtCycles + untaughtCycles)
            {
                run.Stop();
            }
        }
    }
}
