using Edge.Runtime;
using Edge.Sim.Scenes;

namespace Edge.Sim.Tasks;

/// <summary>
/// The samples of the simulated flow task: a fresh random texture filling the view, translating in
/// a uniformly random direction, rotating either way or expanding/contracting about a point near
/// the centre. Directions and senses are balanced, so the mean flow over the task is zero and no
/// constant prediction does well. Speeds are drawn so that the view's edge moves 0.3–1.9 scene
/// units per second (0.5–3 pixels over a 50 ms segment on a 32-pixel sensor).
/// </summary>
public sealed class FlowStimuli : IStimulusSet
{
    private static readonly string[] Names = ["translate", "rotate-cw", "rotate-ccw", "expand", "contract"];

    private const double MinSpeed = 0.3;
    private const double MaxSpeed = 1.9;

    private readonly TexturedMotionScene _scene = new();

    /// <inheritdoc />
    public IReadOnlyList<string> ClassNames => Names;

    /// <inheritdoc />
    public IScene Prepare(int classIndex, Rng random)
    {
        ArgumentNullException.ThrowIfNull(random);
        ArgumentOutOfRangeException.ThrowIfNegative(classIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(classIndex, Names.Length);
        _scene.Texture.Redraw(random);
        _scene.Background = (float)random.Uniform(15, 30);
        _scene.Foreground = (float)Math.Min(250, _scene.Background * random.Uniform(8, 12));
        var speed = random.Uniform(MinSpeed, MaxSpeed);
        _scene.CentreX = random.Uniform(-0.15, 0.15);
        _scene.CentreY = random.Uniform(-0.15, 0.15);
        switch (classIndex)
        {
            case 0:
                var direction = random.Uniform(0, 2 * Math.PI);
                _scene.Motion = TextureMotion.Translate;
                _scene.VelocityX = speed * Math.Cos(direction);
                _scene.VelocityY = speed * Math.Sin(direction);
                break;
            case 1:
            case 2:
                // The view's edge (0.5 from the centre) moves at the drawn speed.
                _scene.Motion = TextureMotion.Rotate;
                _scene.AngularSpeed = (classIndex == 1 ? 1 : -1) * speed / 0.5;
                break;
            default:
                _scene.Motion = TextureMotion.Expand;
                _scene.ExpansionRate = (classIndex == 3 ? 1 : -1) * speed / 0.5;
                break;
        }
        return _scene;
    }
}
