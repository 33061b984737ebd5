using System.Device.Gpio;

namespace Edge.Devices.Board.Leds;

/// <summary>
/// GPIO LEDs that show the predicted class, one per class or as a binary code. Only lines whose
/// state changes are written; nothing is allocated per update.
/// </summary>
public sealed class ClassLeds : IDisposable
{
    private readonly GpioController _gpio;
    private readonly ClassLedOptions _options;
    private readonly bool[] _lit;

    /// <summary>Opens the LED lines as outputs, all dark.</summary>
    public ClassLeds(GpioController gpio, ClassLedOptions options)
    {
        ArgumentNullException.ThrowIfNull(gpio);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Pins.Length == 0)
        {
            throw new ArgumentException("class LEDs need at least one pin", nameof(options));
        }
        _gpio = gpio;
        _options = options;
        _lit = new bool[options.Pins.Length];
        foreach (var pin in options.Pins)
        {
            gpio.OpenPin(pin, PinMode.Output, Level(false));
        }
    }

    /// <summary>Classes the LEDs can tell apart.</summary>
    public int Capacity => _options.Encoding == LedEncoding.Binary ? (1 << _lit.Length) - 1 : _lit.Length;

    /// <summary>Shows <paramref name="predictedClass"/>; a negative class (no prediction) darkens all.</summary>
    public void Show(int predictedClass) => Show(predictedClass, -1, blinkOn: true);

    /// <summary>
    /// Shows <paramref name="predictedClass"/> while <paramref name="taughtClass"/> is taught: the
    /// taught class's LED (or, in binary encoding, the whole code when the prediction is the taught
    /// class) follows <paramref name="blinkOn"/>, so calling with an alternating phase blinks it.
    /// </summary>
    public void Show(int predictedClass, int taughtClass, bool blinkOn)
    {
        var binary = _options.Encoding == LedEncoding.Binary;
        for (var i = 0; i < _lit.Length; i++)
        {
            var lit = predictedClass >= 0 && (binary
                ? (((predictedClass + 1) >> i) & 1) != 0
                : i == predictedClass);
            if (taughtClass >= 0 && (binary ? predictedClass == taughtClass : i == taughtClass))
            {
                lit = binary ? lit && blinkOn : blinkOn;
            }
            if (lit != _lit[i])
            {
                _gpio.Write(_options.Pins[i], Level(lit));
                _lit[i] = lit;
            }
        }
    }

    private PinValue Level(bool lit) => lit != _options.ActiveLow ? PinValue.High : PinValue.Low;

    /// <summary>Darkens the LEDs and releases the lines.</summary>
    public void Dispose()
    {
        Show(-1);
        foreach (var pin in _options.Pins)
        {
            _gpio.ClosePin(pin);
        }
    }
}
