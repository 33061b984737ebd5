namespace Edge.Runtime.Specs;

/// <summary>
/// The neuron model of a spiking layer (<c>neuron</c> in a spec). LIF is what S-TLLR and the
/// surrogate-gradient rules train; a rule that brings its own neuron says so in the spec.
/// </summary>
public enum NeuronModel
{
    /// <summary><c>lif</c>: leaky integrate-and-fire, u = γ·ũ + a, strict threshold, soft or hard reset.</summary>
    Lif,

    /// <summary>
    /// <c>htglif</c>: BP-STA's neuron (Shen et al. 2022): rectified input current, m = γ·m̃ + I,
    /// non-strict threshold m ≥ θ, hard reset.
    /// </summary>
    Htglif,

    /// <summary>
    /// <c>dual-exp</c>: the spike-response neuron of Zhu et al. 2022's event-driven learning: a
    /// dual-exponential post-synaptic potential, threshold crossing u ≥ θ, synaptic state reset on a spike.
    /// </summary>
    DualExp,
}

/// <summary>Time constants (in steps) of the dual-exponential neuron.</summary>
/// <param name="TauM">Membrane time constant τ_m.</param>
/// <param name="TauS">Synaptic time constant τ_s (≠ τ_m).</param>
/// <param name="TauGrad">Time constant of the input-gradient kernel ("exponential" gradient type).</param>
public readonly record struct DualExpConstants(float TauM, float TauS, float TauGrad)
{
    /// <summary>The official N-MNIST configuration (networks/n-mnist.yaml): τ_m 8, τ_s 4, τ_grad 3.</summary>
    public static DualExpConstants NMnist => new(8f, 4f, 3f);
}
