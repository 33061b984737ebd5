using Edge.Runtime.Memory;
using Edge.Runtime.Specs;

namespace Edge.Runtime.Layers;

/// <summary>
/// The spike-response neurons of Zhu et al. 2022's event-driven learning (official
/// <c>neuron_forward_py</c>, "leaky" forward, "exponential" gradient): two synaptic filters give a
/// dual-exponential post-synaptic potential, and a spike resets them.
/// <code>
/// syn_m ← (syn_m + I)(1 − 1/τ_m)     syn_s ← (syn_s + I)(1 − 1/τ_s)     syn_g ← (syn_g + I)(1 − 1/τ_grad)
/// u     = (syn_m − syn_s)·θ_s/(θ_s − θ_m)        (θ_x = 1/τ_x)
/// Δu    = u − u_last        Δu_t = syn_g         s = [u ≥ θ]
/// u_last = u·(1 − s)        syn_m, syn_s, syn_g ← ·(1 − s)
/// </code>
/// Learning builds keep Δu and Δu_t of the step: the event-driven backward uses them at spikes only.
/// </summary>
public sealed class DualExpNeurons
{
    private readonly float _keepM;
    private readonly float _keepS;
    private readonly float _keepGrad;
    private readonly float _scale;

    internal DualExpNeurons(LayerSpec spec, int count, BuildContext ctx)
    {
        Constants = spec.DualExp;
        Threshold = spec.Threshold;
        _keepM = 1f - (1f / Constants.TauM);
        _keepS = 1f - (1f / Constants.TauS);
        _keepGrad = 1f - (1f / Constants.TauGrad);
        var thetaM = 1f / Constants.TauM;
        var thetaS = 1f / Constants.TauS;
        _scale = thetaS / (thetaS - thetaM);
        var ledger = ctx.Ledger;
        SynapseM = ledger.Floats(MemoryCategory.TemporalState, count);
        SynapseS = ledger.Floats(MemoryCategory.TemporalState, count);
        SynapseGrad = ledger.Floats(MemoryCategory.TemporalState, count);
        LastPotential = ledger.Floats(MemoryCategory.TemporalState, count);
        if (ctx.Learning)
        {
            DeltaU = ledger.Floats(MemoryCategory.StepCache, count);
            DeltaUt = ledger.Floats(MemoryCategory.StepCache, count);
        }
    }

    /// <summary>τ_m, τ_s, τ_grad.</summary>
    public DualExpConstants Constants { get; }

    /// <summary>θ.</summary>
    public float Threshold { get; }

    /// <summary>Membrane filter syn_m.</summary>
    public float[] SynapseM { get; }

    /// <summary>Synaptic filter syn_s.</summary>
    public float[] SynapseS { get; }

    /// <summary>Gradient filter syn_g.</summary>
    public float[] SynapseGrad { get; }

    /// <summary>u after the last step's reset (u_last).</summary>
    public float[] LastPotential { get; }

    /// <summary>Δu = u − u_last of this step (learning builds).</summary>
    public float[]? DeltaU { get; }

    /// <summary>Δu_t = syn_g of this step, the input-gradient path's increment (learning builds).</summary>
    public float[]? DeltaUt { get; }

    /// <summary>
    /// PSP kernel: the potential at a spike k steps after an input of 1, ((1−θ_m)^(k+1) − (1−θ_s)^(k+1))·θ_s/(θ_s−θ_m).
    /// </summary>
    public float Kernel(int k) => (MathF.Pow(_keepM, k + 1) - MathF.Pow(_keepS, k + 1)) * _scale;

    /// <summary>Input-gradient kernel: (1 − θ_grad)^(k+1).</summary>
    public float GradientKernel(int k) => MathF.Pow(_keepGrad, k + 1);

    /// <summary>Zeroes every state.</summary>
    public void Reset()
    {
        Array.Clear(SynapseM);
        Array.Clear(SynapseS);
        Array.Clear(SynapseGrad);
        Array.Clear(LastPotential);
    }

    /// <summary>Integrates <paramref name="current"/> and fires into <paramref name="spikes"/>. No allocation.</summary>
    public void Step(ReadOnlySpan<float> current, Span<float> spikes)
    {
        var n = current.Length;
        if (SynapseM.Length < n || spikes.Length < n)
        {
            throw new ArgumentException("buffer sizes do not match the neuron count");
        }
        var learning = DeltaU is not null;
        for (var i = 0; i < n; i++)
        {
            var m = (SynapseM[i] + current[i]) * _keepM;
            var s = (SynapseS[i] + current[i]) * _keepS;
            var g = (SynapseGrad[i] + current[i]) * _keepGrad;
            var u = (m - s) * _scale;
            if (learning)
            {
                DeltaU![i] = u - LastPotential[i];
                DeltaUt![i] = g;
            }
            var fired = u >= Threshold;
            spikes[i] = fired ? 1f : 0f;
            LastPotential[i] = fired ? 0f : u;
            SynapseM[i] = fired ? 0f : m;
            SynapseS[i] = fired ? 0f : s;
            SynapseGrad[i] = fired ? 0f : g;
        }
    }
}
