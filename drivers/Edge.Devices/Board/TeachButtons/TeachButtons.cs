using System.Device.Gpio;

namespace Edge.Devices.Board.TeachButtons;

/// <summary>
/// Debounced push buttons that set the label of the live stream: button i teaches class i, while
/// held (<see cref="TeachMode.Hold"/>) or until pressed again (<see cref="TeachMode.Toggle"/>).
/// Edges arrive as GPIO interrupts; an edge within <see cref="TeachButtonOptions.DebounceMs"/> of
/// the last accepted change on that button is contact bounce and ignored. An edge that repeats
/// the state already recorded means the opposite edge was lost inside a bounce window; a repeated
/// press then counts as a new press, so the state heals itself.
/// </summary>
public sealed class TeachButtons : ITeachLabelSource, IDisposable
{
    private readonly GpioController _gpio;
    private readonly TeachButtonOptions _options;
    private readonly TimeProvider _time;
    private readonly TimeSpan _debounce;
    private readonly bool[] _pressed;
    private readonly long[] _lastChange;
    private readonly Lock _gate = new();
    private volatile int _label = -1;
    private long _presses;

    /// <summary>Opens the button lines as inputs (with pull-up for active-low buttons) and watches both edges.</summary>
    /// <param name="gpio">The GPIO controller.</param>
    /// <param name="options">Pins and behaviour.</param>
    /// <param name="time">Clock for debouncing; <see cref="TimeProvider.System"/> by default.</param>
    public TeachButtons(GpioController gpio, TeachButtonOptions options, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(gpio);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Pins.Length == 0)
        {
            throw new ArgumentException("teach buttons need at least one pin", nameof(options));
        }
        _gpio = gpio;
        _options = options;
        _time = time ?? TimeProvider.System;
        _debounce = TimeSpan.FromMilliseconds(Math.Max(0, options.DebounceMs));
        _pressed = new bool[options.Pins.Length];
        _lastChange = new long[options.Pins.Length];
        var pull = options.ActiveLow ? PinMode.InputPullUp : PinMode.InputPullDown;
        for (var i = 0; i < options.Pins.Length; i++)
        {
            var pin = options.Pins[i];
            gpio.OpenPin(pin, gpio.IsPinModeSupported(pin, pull) ? pull : PinMode.Input);
            _pressed[i] = IsPressedLevel(gpio.Read(pin));
            if (_pressed[i] && options.Mode == TeachMode.Hold)
            {
                _label = i;
            }
            gpio.RegisterCallbackForPinValueChangedEvent(pin, PinEventTypes.Rising | PinEventTypes.Falling, OnEdge);
        }
    }

    /// <inheritdoc />
    public int? CurrentLabel => _label < 0 ? null : _label;

    /// <summary>Accepted presses since opening.</summary>
    public long Presses => Interlocked.Read(ref _presses);

    private bool IsPressedLevel(PinValue level) => (level == PinValue.Low) == _options.ActiveLow;

    private void OnEdge(object sender, PinValueChangedEventArgs e)
    {
        var button = Array.IndexOf(_options.Pins, e.PinNumber);
        if (button < 0)
        {
            return;
        }
        var pressed = IsPressedLevel(e.ChangeType == PinEventTypes.Falling ? PinValue.Low : PinValue.High);
        var now = _time.GetTimestamp();
        lock (_gate)
        {
            if (_lastChange[button] != 0 && _time.GetElapsedTime(_lastChange[button], now) < _debounce)
            {
                return;
            }
            if (pressed == _pressed[button] && !pressed)
            {
                return;
            }
            _lastChange[button] = now;
            _pressed[button] = pressed;
            if (pressed)
            {
                Interlocked.Increment(ref _presses);
                _label = _options.Mode == TeachMode.Toggle && _label == button ? -1 : button;
            }
            else if (_options.Mode == TeachMode.Hold && _label == button)
            {
                _label = Array.IndexOf(_pressed, true);
            }
        }
    }

    /// <summary>Stops watching and releases the lines.</summary>
    public void Dispose()
    {
        foreach (var pin in _options.Pins)
        {
            _gpio.UnregisterCallbackForPinValueChangedEvent(pin, OnEdge);
            _gpio.ClosePin(pin);
        }
    }
}
