using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
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
            if (ctx.Traces)
            {
                TracePost = ledger.Floats(MemoryCategory.TemporalState, count);
                TracePostPrevious = ledger.Floats(MemoryCategory.StepCache, count);
            }
        }
    }

    /// <summary>Membrane after the reset (ũ), carried to the next step.</summary>
    public float[] Membrane { get; }

    /// <summary>Membrane u of this step before the reset (learning builds).</summary>
    public float[]? PreResetMembrane { get; }

    /// <summary>Ψ(u − θ) of this step (learning builds; not stored on steps no backward follows).</summary>
    public float[]? Psi { get; }

    /// <summary>Post trace trΨ after this step (learning builds with traces).</summary>
    public float[]? TracePost { get; }

    /// <summary>
    /// Post trace of the previous step, used by the non-causal term (learning builds with traces;
    /// not stored on steps no backward follows).
    /// </summary>
    public float[]? TracePostPrevious { get; }

    /// <summary>
    /// False when no backward pass reads the next step's <see cref="Psi"/> and
    /// <see cref="TracePostPrevious"/>: the fused update then does not store them (default true).
    /// </summary>
    internal bool KeepsBackwardCaches { get; set; } = true;

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
    /// empty, fires into <paramref name="spikes"/> and resets; in learning builds also Ψ and the
    /// post trace, all in one vectorised pass. No allocation.
    /// </summary>
    public void Step(ReadOnlySpan<float> current, ReadOnlySpan<float> recurrent, Span<float> spikes) =>
        Step(current, recurrent, spikes, 0);

    /// <summary>
    /// As <see cref="Step(ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float})"/> for neurons
    /// [<paramref name="from"/>, from + current.Length): the spans hold just those neurons. Disjoint
    /// ranges can run on different threads.
    /// </summary>
    public void Step(ReadOnlySpan<float> current, ReadOnlySpan<float> recurrent, Span<float> spikes, int from)
    {
        var n = current.Length;
        if (from < 0 || Membrane.Length < from + n || spikes.Length < n || (!recurrent.IsEmpty && recurrent.Length < n))
        {
            throw new ArgumentException("buffer sizes do not match the neuron count");
        }
        if (Psi is null)
        {
            Run<DeferredPsi, SkipCaches>(current, recurrent, spikes, from, learning: false);
            return;
        }
        switch (_psi)
        {
            case PsiKind.Triangle03:
                RunLearning<TrianglePsi>(current, recurrent, spikes, from);
                break;
            case PsiKind.FastSigmoid100:
                RunLearning<FastSigmoidPsi>(current, recurrent, spikes, from);
                break;
            case PsiKind.Arctan10:
                RunLearning<ArctanPsi>(current, recurrent, spikes, from);
                break;
            default:
                // Ψ needs exp: the loop leaves v in Psi, a vectorised pass maps it, then the trace.
                Run<DeferredPsi, KeepCaches>(current, recurrent, spikes, from, learning: true, deferredTrace: true);
                var psi = Psi.AsSpan(from, n);
                Kernels.Psi.EvaluateInPlace(_psi, psi);
                if (TracePost is not null)
                {
                    var trace = TracePost.AsSpan(from, n);
                    if (KeepsBackwardCaches)
                    {
                        trace.CopyTo(TracePostPrevious.AsSpan(from, n));
                    }
                    TensorPrimitives.MultiplyAdd(trace, _lambdaPost, psi, trace);
                }
                break;
        }
    }

    private void RunLearning<TPsi>(ReadOnlySpan<float> current, ReadOnlySpan<float> recurrent, Span<float> spikes, int from)
        where TPsi : struct, IPsiFunction
    {
        if (KeepsBackwardCaches)
        {
            Run<TPsi, KeepCaches>(current, recurrent, spikes, from, learning: true);
        }
        else
        {
            Run<TPsi, SkipCaches>(current, recurrent, spikes, from, learning: true);
        }
    }

    /// <summary>
    /// The fused update; <typeparamref name="TCaches"/> decides at compile time whether Ψ and the
    /// previous post trace are stored (the deferred path always keeps Ψ: it is its scratch).
    /// </summary>
    private void Run<TPsi, TCaches>(ReadOnlySpan<float> current, ReadOnlySpan<float> recurrent, Span<float> spikes, int from, bool learning, bool deferredTrace = false)
        where TPsi : struct, IPsiFunction
        where TCaches : struct, ICacheChoice
    {
        var n = current.Length;
        ref var u = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(Membrane), from);
        ref var a = ref MemoryMarshal.GetReference(current);
        ref var r = ref MemoryMarshal.GetReference(recurrent);
        ref var s = ref MemoryMarshal.GetReference(spikes);
        ref var pre = ref learning ? ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(PreResetMembrane!), from) : ref u;
        ref var psiRef = ref learning ? ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(Psi!), from) : ref u;
        var updateTrace = learning && !deferredTrace && TracePost is not null;
        ref var trace = ref updateTrace ? ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(TracePost!), from) : ref u;
        ref var tracePrev = ref updateTrace ? ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(TracePostPrevious!), from) : ref u;
        var hasRecurrent = !recurrent.IsEmpty;
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var w = Vector<float>.Count;
            var decay = new Vector<float>(_decay);
            var theta = new Vector<float>(_threshold);
            var lambda = new Vector<float>(_lambdaPost);
            var one = Vector<float>.One;
            for (; i <= n - w; i += w)
            {
                var m = (decay * Vector.LoadUnsafe(ref u, (nuint)i)) + Vector.LoadUnsafe(ref a, (nuint)i);
                if (hasRecurrent)
                {
                    m += Vector.LoadUnsafe(ref r, (nuint)i);
                }
                var v = m - theta;
                var spike = Vector.ConditionalSelect(Vector.GreaterThan(v, Vector<float>.Zero), one, Vector<float>.Zero);
                spike.StoreUnsafe(ref s, (nuint)i);
                if (learning)
                {
                    m.StoreUnsafe(ref pre, (nuint)i);
                    var psi = TPsi.Apply(v);
                    if (TCaches.Keep)
                    {
                        psi.StoreUnsafe(ref psiRef, (nuint)i);
                    }
                    if (updateTrace)
                    {
                        var tr = Vector.LoadUnsafe(ref trace, (nuint)i);
                        if (TCaches.Keep)
                        {
                            tr.StoreUnsafe(ref tracePrev, (nuint)i);
                        }
                        ((lambda * tr) + psi).StoreUnsafe(ref trace, (nuint)i);
                    }
                }
                var reset = _hardReset ? m * (one - spike) : m - (theta * spike);
                reset.StoreUnsafe(ref u, (nuint)i);
            }
        }
        for (; i < n; i++)
        {
            var m = (_decay * Unsafe.Add(ref u, i)) + Unsafe.Add(ref a, i);
            if (hasRecurrent)
            {
                m += Unsafe.Add(ref r, i);
            }
            var v = m - _threshold;
            var spike = v > 0f ? 1f : 0f;
            Unsafe.Add(ref s, i) = spike;
            if (learning)
            {
                Unsafe.Add(ref pre, i) = m;
                var psi = TPsi.Apply(v);
                if (TCaches.Keep)
                {
                    Unsafe.Add(ref psiRef, i) = psi;
                }
                if (updateTrace)
                {
                    var tr = Unsafe.Add(ref trace, i);
                    if (TCaches.Keep)
                    {
                        Unsafe.Add(ref tracePrev, i) = tr;
                    }
                    Unsafe.Add(ref trace, i) = (_lambdaPost * tr) + psi;
                }
            }
            Unsafe.Add(ref u, i) = _hardReset ? m * (1f - spike) : m - (_threshold * spike);
        }
    }

    /// <summary>Whether the fused update stores the caches only a backward reads (static dispatch).</summary>
    private interface ICacheChoice
    {
        static abstract bool Keep { get; }
    }

    private readonly struct KeepCaches : ICacheChoice
    {
        public static bool Keep => true;
    }

    private readonly struct SkipCaches : ICacheChoice
    {
        public static bool Keep => false;
    }
}
