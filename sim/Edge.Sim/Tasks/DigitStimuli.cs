using Edge.Runtime;
using Edge.Sim.Scenes;

namespace Edge.Sim.Tasks;

/// <summary>
/// N-MNIST-like digits: each sample is one digit (0–9) of random size, position and contrast
/// seen through the three saccades of <see cref="SaccadeDigitScene"/>, from the start of the first.
/// </summary>
public sealed class DigitStimuli : IStimulusSet
{
    private static readonly string[] Names = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"];

    private readonly SaccadeDigitScene _scene = new();

    /// <inheritdoc />
    public IReadOnlyList<string> ClassNames => Names;

    /// <inheritdoc />
    public IScene Prepare(int classIndex, Rng random)
    {
        ArgumentNullException.ThrowIfNull(random);
        ArgumentOutOfRangeException.ThrowIfNegative(classIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(classIndex, Names.Length);
        _scene.Digit = classIndex;
        _scene.GlyphHeight = random.Uniform(0.6, 0.75);
        _scene.Amplitude = random.Uniform(0.08, 0.12);
        _scene.CentreX = random.Uniform(-0.04, 0.04);
        _scene.CentreY = random.Uniform(-0.04, 0.04);
        _scene.Background = (float)random.Uniform(10, 40);
        _scene.Foreground = (float)random.Uniform(150, 250);
        return _scene;
    }
}
