using System.Device.Gpio;

namespace Edge.Devices.Tests.Board;

/// <summary>
/// An in-process GPIO chip for GpioController: records modes and every write, lets the test set
/// input levels and raise edge interrupts the way a real chip driver would.
/// </summary>
internal sealed class FakeGpioDriver : GpioDriver
{
    private readonly Dictionary<int, PinMode> _modes = [];
    private readonly Dictionary<int, PinValue> _levels = [];
    private readonly Dictionary<int, List<PinChangeEventHandler>> _callbacks = [];

    public List<(int Pin, PinValue Value)> Writes { get; } = [];

    public IReadOnlyDictionary<int, PinMode> Modes => _modes;

    public HashSet<int> OpenPins { get; } = [];

    protected override int PinCount => 28;

    public PinValue Level(int pin) => _levels.GetValueOrDefault(pin, PinValue.Low);

    /// <summary>Sets an input level and raises the matching edge, as a button press would.</summary>
    public void Drive(int pin, PinValue level)
    {
        _levels[pin] = level;
        var edge = level == PinValue.High ? PinEventTypes.Rising : PinEventTypes.Falling;
        foreach (var callback in _callbacks.GetValueOrDefault(pin, []).ToArray())
        {
            callback(this, new PinValueChangedEventArgs(edge, pin));
        }
    }

    protected override void OpenPin(int pinNumber) => OpenPins.Add(pinNumber);

    protected override void ClosePin(int pinNumber) => OpenPins.Remove(pinNumber);

    protected override void SetPinMode(int pinNumber, PinMode mode)
    {
        _modes[pinNumber] = mode;
        if (mode == PinMode.InputPullUp)
        {
            _levels[pinNumber] = PinValue.High;
        }
    }

    protected override PinMode GetPinMode(int pinNumber) => _modes.GetValueOrDefault(pinNumber, PinMode.Input);

    protected override bool IsPinModeSupported(int pinNumber, PinMode mode) => true;

    protected override PinValue Read(int pinNumber) => Level(pinNumber);

    protected override void Write(int pinNumber, PinValue value)
    {
        _levels[pinNumber] = value;
        Writes.Add((pinNumber, value));
    }

    protected override WaitForEventResult WaitForEvent(int pinNumber, PinEventTypes eventTypes, CancellationToken cancellationToken) =>
        throw new NotSupportedException("the board code uses callbacks");

    protected override void AddCallbackForPinValueChangedEvent(int pinNumber, PinEventTypes eventTypes, PinChangeEventHandler callback)
    {
        if (!_callbacks.TryGetValue(pinNumber, out var list))
        {
            _callbacks[pinNumber] = list = [];
        }
        list.Add(callback);
    }

    protected override void RemoveCallbackForPinValueChangedEvent(int pinNumber, PinChangeEventHandler callback) =>
        _callbacks.GetValueOrDefault(pinNumber)?.Remove(callback);

    public override GpioChipInfo GetChipInfo() => new(0, "fake", "in-process test chip", PinCount);
}

/// <summary>A clock the test moves by hand.</summary>
internal sealed class ManualTime : TimeProvider
{
    private long _ticks = 1_000_000;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => _ticks;

    public void Advance(TimeSpan by) => _ticks += by.Ticks;
}
