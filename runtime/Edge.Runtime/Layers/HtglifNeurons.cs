using Edge.Runtime.Memory;
using Edge.Runtime.Specs;

namespace Edge.Runtime.Layers;

/// <summary>
/// BP-STA's HTGLIF neurons (Shen et al. 2022, official <c>HTGLIFNode</c>; learning-rules.md §2.2–2.3):
/// <code>
/// m[t] = γ·m̃[t−1] + I[t]      s[t] = [m[t] ≥ θ]  (non-strict)      m̃[t] = s[t] ? 0 : m[t]  (hard reset)
/// </code>
/// and their backward through time with the spatial (BPSA) and temporal (BPTA) adjustments:
/// <code>
/// ∂s/∂m = [m ≥ θ] / (m + 1e−12)        ∂m̃/∂m = [m &lt; θ] + 0.2·∂s/∂m
/// δ[t]  = g[t]·∂s/∂m + γ·∂m̃/∂m·δ[t+1]                      (∂loss/∂I[t] = δ[t])
/// </code>
/// A silent neuron passes its error only back in time; a firing one passes it spatially with gain
/// 1/m and across its reset with gain 0.2·γ/m.
/// </summary>
public sealed class HtglifNeurons
{
    /// <summary>The weight of the temporal path across a spike (BP-STA's residual factor a).</summary>
    public const float TemporalGain = 0.2f;

    /// <summary>The ε of the official 1/(m + 1e−12).</summary>
    private const float Epsilon = 1e-12f;

    internal HtglifNeurons(LayerSpec spec, int count, BuildContext ctx)
        : this(spec.Decay, spec.Threshold, count, ctx.Learning, ctx.Ledger)
    {
    }

    /// <summary>Neurons with decay γ and threshold θ; learning builds keep the pre-reset membrane of the step.</summary>
    public HtglifNeurons(float decay, float threshold, int count, bool learning, MemoryLedger ledger)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        Decay = decay;
        Threshold = threshold;
        Membrane = ledger.Floats(MemoryCategory.TemporalState, count);
        if (learning)
        {
            PreResetMembrane = ledger.Floats(MemoryCategory.StepCache, count);
        }
    }

    /// <summary>γ.</summary>
    public float Decay { get; }

    /// <summary>θ.</summary>
    public float Threshold { get; }

    /// <summary>Membrane after the reset (m̃), carried to the next step.</summary>
    public float[] Membrane { get; }

    /// <summary>Membrane m of this step before the reset (learning builds).</summary>
    public float[]? PreResetMembrane { get; }

    /// <summary>Zeroes the membranes.</summary>
    public void Reset() => Array.Clear(Membrane);

    /// <summary>Integrates <paramref name="current"/>, fires into <paramref name="spikes"/> and resets. No allocation.</summary>
    public void Step(ReadOnlySpan<float> current, Span<float> spikes)
    {
        var n = current.Length;
        if (Membrane.Length < n || spikes.Length < n)
        {
            throw new ArgumentException("buffer sizes do not match the neuron count");
        }
        var membrane = Membrane.AsSpan(0, n);
        var pre = PreResetMembrane is null ? Span<float>.Empty : PreResetMembrane.AsSpan(0, n);
        for (var i = 0; i < n; i++)
        {
            var m = (Decay * membrane[i]) + current[i];
            var fired = m >= Threshold;
            spikes[i] = fired ? 1f : 0f;
            if (!pre.IsEmpty)
            {
                pre[i] = m;
            }
            membrane[i] = fired ? 0f : m;
        }
    }

    /// <summary>
    /// One step of the backward through time: given the step's pre-reset membrane
    /// <paramref name="membrane"/> and ∂loss/∂s <paramref name="gradSpikes"/>, turns
    /// <paramref name="delta"/> from δ[t+1] into δ[t] = ∂loss/∂I[t] in place.
    /// </summary>
    public static void Backward(ReadOnlySpan<float> membrane, ReadOnlySpan<float> gradSpikes, float decay, float threshold, Span<float> delta)
    {
        var n = delta.Length;
        if (membrane.Length < n || gradSpikes.Length < n)
        {
            throw new ArgumentException("buffer sizes do not match the neuron count");
        }
        for (var i = 0; i < n; i++)
        {
            var m = membrane[i];
            float spatial, temporal;
            if (m >= threshold)
            {
                spatial = 1f / (m + Epsilon);
                temporal = TemporalGain * spatial;
            }
            else
            {
                spatial = 0f;
                temporal = 1f;
            }
            delta[i] = (gradSpikes[i] * spatial) + (decay * temporal * delta[i]);
        }
    }
}
