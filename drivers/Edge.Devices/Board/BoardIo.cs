using System.Device.Gpio;
using System.Device.I2c;
using System.Diagnostics;
using Edge.Devices.Board.Leds;
using Edge.Devices.Board.Oled;
using Edge.Devices.Board.TeachButtons;
using Edge.Runtime;

namespace Edge.Devices.Board;

/// <summary>
/// The board's outputs and inputs for a run loop: <see cref="ShowPrediction"/> after each
/// prediction (class LEDs at once, the OLED from its own thread at most every
/// <see cref="OledOptions.MinRefreshMs"/> so an I2C frame never stalls the learner) and
/// <see cref="Teach"/> for the label the buttons set. Parts not configured are skipped.
/// </summary>
public sealed class BoardIo : IDisposable
{
    private static readonly NoTeacher Nobody = new();
    private readonly GpioController? _gpio;
    private readonly ClassLeds? _leds;
    private readonly TeachButtons.TeachButtons? _buttons;
    private readonly Ssd13xxOled? _oled;
    private readonly StatusScreen? _screen;
    private readonly Thread? _painter;
    private readonly AutoResetEvent _changed = new(false);
    private readonly ManualResetEventSlim _painted = new(true);
    private readonly TimeSpan _minRefresh;
    private readonly Lock _statusGate = new();
    private BoardStatus _status = new(-1, double.NaN, 0, null);
    private bool _blinkOn;
    private long _statusVersion;
    private volatile bool _stopping;

    private BoardIo(BoardOptions options, GpioController? gpio, Func<OledOptions, I2cDevice>? openI2c, TimeProvider? time, IReadOnlyList<string>? classNames)
    {
        _gpio = gpio;
        try
        {
            if (options.Leds is { } leds)
            {
                _leds = new ClassLeds(Required(gpio), leds);
            }
            if (options.TeachButtons is { } buttons)
            {
                _buttons = new TeachButtons.TeachButtons(Required(gpio), buttons, time);
            }
            if (options.Oled is { } oled)
            {
                _oled = new Ssd13xxOled((openI2c ?? OpenI2c)(oled), oled);
                _screen = new StatusScreen(_oled.Width, _oled.Pages, classNames);
                _minRefresh = TimeSpan.FromMilliseconds(Math.Max(0, oled.MinRefreshMs));
                _painter = new Thread(Paint) { IsBackground = true, Name = "edge-oled" };
                _painter.Start();
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>Opens the configured parts on this board's GPIO chip and I2C bus.</summary>
    /// <exception cref="DeviceUnavailableException">No GPIO chip, no I2C bus, or no OLED at the address.</exception>
    public static BoardIo Open(BoardOptions options, IReadOnlyList<string>? classNames = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        GpioController? gpio = null;
        if (options.Leds is not null || options.TeachButtons is not null)
        {
            gpio = OpenGpio(options.GpioChip);
        }
        try
        {
            return new BoardIo(options, gpio, null, null, classNames);
        }
        catch
        {
            gpio?.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Builds board I/O on a given GPIO controller (any <see cref="GpioDriver"/>) and I2C device
    /// factory: for other boards, simulators and tests.
    /// </summary>
    public static BoardIo Create(BoardOptions options, GpioController? gpio, Func<OledOptions, I2cDevice>? openI2c = null,
        TimeProvider? time = null, IReadOnlyList<string>? classNames = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new BoardIo(options, gpio, openI2c, time, classNames);
    }

    /// <summary>The label the teach buttons set (always null when no buttons are configured).</summary>
    public ITeachLabelSource Teach => (ITeachLabelSource?)_buttons ?? Nobody;

    /// <summary>The class LEDs, when configured.</summary>
    public ClassLeds? Leds => _leds;

    /// <summary>
    /// Shows a prediction: the LEDs change now (the taught class's LED blinks, one phase per call),
    /// the OLED shortly after. Allocates nothing.
    /// </summary>
    /// <param name="predictedClass">The predicted class, −1 for none.</param>
    /// <param name="runningAccuracy">Running accuracy in [0, 1] (NaN when unknown).</param>
    /// <param name="eventRate">Camera events per second.</param>
    /// <param name="confidence">Confidence of the prediction in [0, 1] (NaN when unknown).</param>
    /// <param name="learning">True while the run learns.</param>
    /// <param name="taughtClass">The class being taught, −1 for none (null: the teach buttons' label).</param>
    public void ShowPrediction(int predictedClass, double runningAccuracy, double eventRate, double confidence = double.NaN, bool learning = true, int? taughtClass = null)
    {
        var taught = taughtClass ?? Teach.CurrentLabel ?? -1;
        _blinkOn = !_blinkOn;
        _leds?.Show(predictedClass, taught, _blinkOn);
        if (_painter is null)
        {
            return;
        }
        lock (_statusGate)
        {
            _status = new BoardStatus(predictedClass, runningAccuracy, eventRate, taught < 0 ? null : taught, confidence, learning);
            _statusVersion++;
            _painted.Reset();
        }
        _changed.Set();
    }

    /// <summary>Waits until the OLED shows the latest status (true), or the timeout passes.</summary>
    public bool Flush(TimeSpan timeout) => _painted.Wait(timeout);

    private void Paint()
    {
        var clock = Stopwatch.StartNew();
        var shown = 0L;
        while (!_stopping)
        {
            _changed.WaitOne();
            var wait = _minRefresh - clock.Elapsed;
            if (wait > TimeSpan.Zero && shown > 0)
            {
                Thread.Sleep(wait);
            }
            BoardStatus status;
            long version;
            lock (_statusGate)
            {
                (status, version) = (_status, _statusVersion);
            }
            if (_stopping || version == shown)
            {
                continue;
            }
            try
            {
                _oled!.Show(_screen!.Render(status));
            }
            catch (IOException)
            {
                // A glitch on the bus loses one frame; the next status repaints.
            }
            clock.Restart();
            shown = version;
            lock (_statusGate)
            {
                if (_statusVersion == shown)
                {
                    _painted.Set();
                }
            }
        }
    }

    private static T Required<T>(T? part) where T : class =>
        part ?? throw new ArgumentException("LEDs and buttons need a GPIO controller");

    private static GpioController OpenGpio(int? chip)
    {
        if (!OperatingSystem.IsLinux() || !Directory.EnumerateFiles("/dev", "gpiochip*").Any())
        {
            throw new DeviceUnavailableException(
                "no GPIO chip (/dev/gpiochip* does not exist): class LEDs and teach buttons need a board with GPIO, such as a Raspberry Pi; remove 'leds' and 'teachButtons' from the board configuration to run without them");
        }
        try
        {
            return chip is { } number
                ? new GpioController(new System.Device.Gpio.Drivers.LibGpiodDriver(number))
                : new GpioController();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or PlatformNotSupportedException or InvalidOperationException or DllNotFoundException)
        {
            throw new DeviceUnavailableException(
                $"cannot open the GPIO chip{(chip is { } n ? $" {n}" : "")}: {ex.Message.TrimEnd('.')} (install libgpiod, and add the user to the 'gpio' group)", ex);
        }
    }

    private static I2cDevice OpenI2c(OledOptions oled)
    {
        var bus = $"/dev/i2c-{oled.Bus}";
        if (!File.Exists(bus))
        {
            throw new DeviceUnavailableException(
                $"no I2C bus {oled.Bus} ({bus} does not exist): enable I2C (sudo raspi-config → Interface Options → I2C) or set the OLED's bus");
        }
        return I2cDevice.Create(new I2cConnectionSettings(oled.Bus, oled.Address));
    }

    /// <summary>Darkens the LEDs, blanks the OLED and releases the lines and the bus.</summary>
    public void Dispose()
    {
        _stopping = true;
        _changed.Set();
        _painter?.Join(TimeSpan.FromSeconds(2));
        _leds?.Dispose();
        _buttons?.Dispose();
        _oled?.Dispose();
        _gpio?.Dispose();
        _changed.Dispose();
        _painted.Dispose();
    }

    private sealed class NoTeacher : ITeachLabelSource
    {
        public int? CurrentLabel => null;
    }
}
