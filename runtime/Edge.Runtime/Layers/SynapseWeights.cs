using Edge.Runtime.Kernels;
using Edge.Runtime.Memory;

namespace Edge.Runtime.Layers;

/// <summary>
/// The weights of one synapse (a convolution or a dense matrix): raw weights, optional scaled
/// weight standardization with a learnable gain, and the cached effective weights W_eff.
/// The official code recomputes W_eff at every time step; here it is recomputed only when the
/// weights change (after an optimizer step), which gives the same numbers.
/// </summary>
public sealed class SynapseWeights
{
    private readonly float[]? _denominators;
    private readonly double[]? _scratch;

    internal SynapseWeights(ConvGeometry geometry, bool standardize, string weightName, string gainName, BuildContext ctx, int[] torchShape,
        bool transposedWeights = false)
    {
        Geometry = geometry;
        Standardize = standardize;
        var n = geometry.WeightCount;
        var ledger = ctx.Ledger;
        Weight = new Parameter(weightName, torchShape, ledger.Floats(MemoryCategory.Parameters, n),
            ctx.Learning ? ledger.Floats(MemoryCategory.Gradients, n) : null, geometry);
        if (standardize)
        {
            Gain = new Parameter(gainName, [geometry.OutChannels], ledger.Floats(MemoryCategory.Parameters, geometry.OutChannels),
                ctx.Learning ? ledger.Floats(MemoryCategory.Gradients, geometry.OutChannels) : null);
            Gain.Value.AsSpan().Fill(1f);
            Effective = ledger.Floats(MemoryCategory.Scratch, n);
            _denominators = ledger.Floats(MemoryCategory.Scratch, geometry.OutChannels);
            _scratch = ledger.Doubles(MemoryCategory.Scratch, WeightStandardization.ScratchLength(geometry.OutChannels));
        }
        else
        {
            Effective = Weight.Value;
        }
        if (transposedWeights)
        {
            EffectiveTransposed = ledger.Floats(MemoryCategory.Scratch, n);
        }
    }

    /// <summary>Synapse shape.</summary>
    public ConvGeometry Geometry { get; }

    /// <summary>True when W_eff = g·standardize(w).</summary>
    public bool Standardize { get; }

    /// <summary>Raw weights w.</summary>
    public Parameter Weight { get; }

    /// <summary>Gain g (standardized synapses only).</summary>
    public Parameter? Gain { get; }

    /// <summary>Effective weights used by the forward pass and the learning signal.</summary>
    public float[] Effective { get; }

    /// <summary>
    /// W_eff in the transposed layout (rows (ky, kx, o) of C_in values) for the learning signal's
    /// input gradient, or null when no layer below learns.
    /// </summary>
    public float[]? EffectiveTransposed { get; }

    /// <summary>
    /// Gradient accumulator with respect to W_eff during a sample; after <see cref="FinishGradients"/>
    /// it holds the gradient of the raw weight.
    /// </summary>
    public float[]? EffectiveGrad => Weight.Grad;

    /// <summary>Recomputes W_eff from the raw weights and gains.</summary>
    public void Refresh()
    {
        if (Standardize)
        {
            WeightStandardization.Forward(Weight.Value, Gain!.Value, Geometry.Rows, Geometry.OutChannels, Effective, _denominators, _scratch);
        }
        if (EffectiveTransposed is not null)
        {
            SynapseKernels.Transpose(Geometry, Effective, EffectiveTransposed);
        }
    }

    /// <summary>Maps the accumulated ∂L/∂W_eff to ∂L/∂w and ∂L/∂g (in place).</summary>
    public void FinishGradients()
    {
        if (Standardize && Weight.Grad is { } grad)
        {
            WeightStandardization.Backward(Weight.Value, Gain!.Value, _denominators, Geometry.Rows, Geometry.OutChannels, grad, Gain.Grad, _scratch);
        }
    }

    /// <summary>Kaiming-normal initialisation with the given standard deviation.</summary>
    internal void InitNormal(Rng rng, double std)
    {
        var w = Weight.Value;
        for (var i = 0; i < w.Length; i++)
        {
            w[i] = (float)(rng.NextNormal() * std);
        }
    }

    /// <summary>Uniform initialisation in [−bound, bound).</summary>
    internal void InitUniform(Rng rng, double bound)
    {
        var w = Weight.Value;
        for (var i = 0; i < w.Length; i++)
        {
            w[i] = (float)rng.Uniform(-bound, bound);
        }
    }
}
