using Edge.Runtime.Kernels;
using Edge.Runtime.Memory;
using Edge.Runtime.Specs;

namespace Edge.Runtime.Layers;

/// <summary>
/// The leaky integrate-and-fire neurons of a spiking layer with their S-TLLR postsynaptic trace,
/// in the official order of operations: u = γ·ũ + a; v = u − θ; s = [v &gt; 0]; Ψ(v) and the post
/// trace from the pre-reset v; then the soft or hard reset.
/// </summary>
public sealed class LifNeurons
{
    private readonly float _decay;
    private readonly float _threshold;
    private readonly float _lambdaPost;
    private readonly PsiKind _psi;
    private readonly bool _hardReset;

    internal LifNeurons(LayerSpec spec, int count, BuildContext ctx)
    {
        _decay = spec.Decay;
        _threshold = spec.Threshold;
        _lambdaPost = spec.Factors.LambdaPost;
        _psi = spec.Psi;
        _hardReset = spec.Reset == ResetMode.Hard;
        var ledger = ctx.Ledger;
        Membrane = ledger.Floats(MemoryCategory.TemporalState, count);
        if (ctx.Learning)
        {
            PreResetMembrane = ledger.Floats(MemoryCategory.StepCache, count);
            Psi = ledger.Floats(MemoryCategory.StepCache, count);
            TracePost = ledger.Floats(MemoryCategory.TemporalState, count);
            TracePostPrevious = ledger.Floats(MemoryCategory.StepCache, count);
        }
    }

    /// <summary>Membrane after the reset (ũ), carried to the next step.</summary>
    public float[] Membrane { get; }

    /// <summary>Membrane u of this step before the reset (learning builds).</summary>
    public float[]? PreResetMembrane { get; }

    /// <summary>Ψ(u − θ) of this step (learning builds).</summary>
    public float[]? Psi { get; }

    /// <summary>Post trace trΨ after this step (learning builds).</summary>
    public float[]? TracePost { get; }

    /// <summary>Post trace of the previous step, used by the non-causal term (learning builds).</summary>
    public float[]? TracePostPrevious { get; }

    /// <summary>Zeroes the membranes and traces.</summary>
    public void Reset()
    {
        Array.Clear(Membrane);
        if (TracePost is not null)
        {
            Array.Clear(TracePost);
        }
    }

    /// <summary>
    /// Integrates <paramref name="current"/> (W·x + b), plus <paramref name="recurrent"/> when not
    /// empty, fires into <paramref name="spikes"/> and resets.
    /// </summary>
    public void Step(ReadOnlySpan<float> current, ReadOnlySpan<float> recurrent, Span<float> spikes)
    {
        var u = Membrane.AsSpan(0, current.Length);
        var learning = Psi is not null;
        var hasRecurrent = !recurrent.IsEmpty;
        for (var i = 0; i < u.Length; i++)
        {
            var m = (_decay * u[i]) + current[i];
            if (hasRecurrent)
            {
                m += recurrent[i];
            }
            var v = m - _threshold;
            var s = v > 0f ? 1f : 0f;
            spikes[i] = s;
            if (learning)
            {
                PreResetMembrane![i] = m;
                var psi = Kernels.Psi.Evaluate(_psi, v);
                Psi![i] = psi;
                var tr = TracePost![i];
                TracePostPrevious![i] = tr;
                TracePost[i] = (_lambdaPost * tr) + psi;
            }
            u[i] = _hardReset ? m * (1f - s) : m - (_threshold * s);
        }
    }
}
