using System.Numerics.Tensors;
using Edge.Runtime.Kernels;
using Edge.Runtime.Memory;

namespace Edge.Runtime.Learning.Rules;

/// <summary>
/// One low-pass filtered eligibility value per synapse and sample of a dense synapse, in the weight
/// layout (rows = inputs, C_out columns): ē ← κ·ē + (1 − κ)·â ⊗ ψ after every step; a learning
/// step adds ē ⊙ L to the weight gradient.
/// </summary>
internal sealed class Eligibility
{
    private readonly ConvGeometry _geometry;
    private readonly int _batch;
    private readonly float[] _values;

    public Eligibility(ConvGeometry geometry, int batch, MemoryLedger ledger)
    {
        _geometry = geometry;
        _batch = batch;
        _values = ledger.Floats(MemoryCategory.TemporalState, checked(batch * geometry.WeightCount));
    }

    public void Clear() => Array.Clear(_values);

    /// <summary>ē ← κ·ē + (1 − κ)·trace ⊗ ψ for every sample ([B, inputs] and [B, outputs]).</summary>
    public void Update(float kappa, ReadOnlySpan<float> trace, ReadOnlySpan<float> psi)
    {
        TensorPrimitives.Multiply(_values, kappa, _values);
        int n = _geometry.WeightCount, inSize = _geometry.InSize, outSize = _geometry.OutSize;
        for (var b = 0; b < _batch; b++)
        {
            SynapseKernels.AccumulateWeightGrad(_geometry, trace.Slice(b * inSize, inSize), psi.Slice(b * outSize, outSize), 1f - kappa,
                _values.AsSpan(b * n, n));
        }
    }

    /// <summary>dW += Σ_b ē_b ⊙ L_b (each column o scaled by the signal of output o).</summary>
    public void Apply(ReadOnlySpan<float> signal, Span<float> dW)
    {
        int rows = _geometry.Rows, cout = _geometry.OutChannels, n = _geometry.WeightCount;
        MacCounter.AddUpdate((long)_batch * n);
        for (var b = 0; b < _batch; b++)
        {
            var l = signal.Slice(b * cout, cout);
            var e = _values.AsSpan(b * n, n);
            for (var r = 0; r < rows; r++)
            {
                var row = dW.Slice(r * cout, cout);
                TensorPrimitives.MultiplyAdd(e.Slice(r * cout, cout), l, row, row);
            }
        }
    }
}
