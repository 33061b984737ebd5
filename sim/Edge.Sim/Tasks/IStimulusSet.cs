using Edge.Runtime;
using Edge.Sim.Scenes;

namespace Edge.Sim.Tasks;

/// <summary>
/// The stimuli of a classification task: one scene family per class, with the per-sample
/// randomisation (size, speed, contrast, position) that makes samples of a class differ.
/// </summary>
public interface IStimulusSet
{
    /// <summary>Class names, in class-index order.</summary>
    IReadOnlyList<string> ClassNames { get; }

    /// <summary>
    /// Sets up the scene of one sample of class <paramref name="classIndex"/>, drawing its random
    /// parameters from <paramref name="random"/>. Scenes are reused: the returned scene is only
    /// valid until the next call (nothing is allocated per sample).
    /// </summary>
    IScene Prepare(int classIndex, Rng random);
}
