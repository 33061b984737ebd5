using Edge.Runtime;
using Edge.Sim.Scenes;

namespace Edge.Sim.Tasks;

/// <summary>
/// The default demo task: eight motions in four pairs that differ only in direction or sense —
/// a bar moving right/left, a bar moving up/down, a bar rotating clockwise/anticlockwise, a dot
/// circling clockwise/anticlockwise. Every sample draws from the same distributions a contrast,
/// a background and a target swept area per second, and each class sets its speed from that
/// target and its own random size, so the number of ON and OFF events says nothing about the
/// class: only where ON and OFF events lie relative to each other (ON leads a bright moving
/// object, OFF trails it) does.
/// </summary>
public sealed class MotionStimuli : IStimulusSet
{
    private static readonly string[] Names =
        ["bar-right", "bar-left", "bar-up", "bar-down", "rotate-cw", "rotate-ccw", "circle-cw", "circle-ccw"];

    // Per-family factors on the swept area so that the mean event count is the same for every
    // class (measured: a family's edges spend different shares of the time on the sensor).
    private const double BarSweep = 1.1;
    private const double RotorSweep = 0.97;
    private const double DotSweep = 0.94;

    private readonly MovingBarScene _bar = new();
    private readonly RotatingBarScene _rotor = new();
    private readonly CirclingDotScene _dot = new();

    /// <inheritdoc />
    public IReadOnlyList<string> ClassNames => Names;

    /// <inheritdoc />
    public IScene Prepare(int classIndex, Rng random)
    {
        ArgumentNullException.ThrowIfNull(random);
        ArgumentOutOfRangeException.ThrowIfNegative(classIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(classIndex, Names.Length);

        // Drawn the same way for every class.
        var sweep = LogUniform(random, 1.5, 4.0); // scene units² per second
        var background = (float)random.Uniform(25, 60);
        var foreground = (float)Math.Min(250, background * LogUniform(random, 2.0, 4.0));

        switch (classIndex)
        {
            case < 4:
                _bar.DirectionDegrees = classIndex switch { 0 => 0, 1 => 180, 2 => 90, _ => 270 };
                _bar.Width = random.Uniform(0.08, 0.16);
                _bar.Length = double.PositiveInfinity;
                _bar.Speed = BarSweep * sweep; // an infinite bar sweeps one scene unit of length
                _bar.Offset = random.Uniform(-0.6, 0.6);
                _bar.Lateral = 0;
                _bar.Background = background;
                _bar.Foreground = foreground;
                return _bar;
            case < 6:
                _rotor.Clockwise = classIndex == 4;
                _rotor.Length = random.Uniform(0.6, 0.95);
                _rotor.Width = random.Uniform(0.08, 0.14);
                _rotor.AngularSpeed = RotorSweep * sweep / (_rotor.Length * _rotor.Length / 4);
                _rotor.InitialAngleDegrees = random.Uniform(0, 360);
                _rotor.CentreX = random.Uniform(-0.08, 0.08);
                _rotor.CentreY = random.Uniform(-0.08, 0.08);
                _rotor.Background = background;
                _rotor.Foreground = foreground;
                return _rotor;
            default:
                _dot.Clockwise = classIndex == 6;
                _dot.Radius = random.Uniform(0.12, 0.18);
                _dot.OrbitRadius = random.Uniform(0.18, 0.26);
                _dot.AngularSpeed = DotSweep * sweep / (2 * _dot.Radius) / _dot.OrbitRadius;
                _dot.InitialAngleDegrees = random.Uniform(0, 360);
                _dot.CentreX = random.Uniform(-0.05, 0.05);
                _dot.CentreY = random.Uniform(-0.05, 0.05);
                _dot.Background = background;
                _dot.Foreground = foreground;
                return _dot;
        }
    }

    private static double LogUniform(Rng random, double low, double high) =>
        Math.Exp(random.Uniform(Math.Log(low), Math.Log(high)));
}
