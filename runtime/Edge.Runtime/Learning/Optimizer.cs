using System.Numerics;
using System.Numerics.Tensors;
using Edge.Runtime.Layers;
using Edge.Runtime.Memory;
using Edge.Runtime.Specs;

namespace Edge.Runtime.Learning;

/// <summary>
/// Updates parameters from their gradients with PyTorch's Adam or SGD semantics. Moments are
/// allocated once, when the optimizer is built, in the network's ledger. A step whose gradients or
/// parameters hold NaN or ±∞, or a gradient larger than <see cref="MaxGradient"/>, is not applied:
/// parameters, moments and the step count stay as they were and <see cref="Rejected"/> counts it.
/// </summary>
public sealed class Optimizer
{
    private readonly Parameter[] _parameters;
    private readonly float[][] _first;
    private readonly float[][]? _second;
    private readonly LearningSpec _spec;
    private long _steps;

    /// <summary>Builds the optimizer state for <paramref name="parameters"/>.</summary>
    public Optimizer(IReadOnlyList<Parameter> parameters, LearningSpec spec, MemoryLedger ledger)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(ledger);
        _spec = spec;
        _parameters = [.. parameters];
        _first = new float[_parameters.Length][];
        if (spec.Optimizer == OptimizerKind.Adam)
        {
            _second = new float[_parameters.Length][];
        }
        for (var i = 0; i < _parameters.Length; i++)
        {
            if (_parameters[i].Grad is null)
            {
                throw new ArgumentException($"parameter {_parameters[i].Name} has no gradient buffer (inference build)", nameof(parameters));
            }
            _first[i] = ledger.Floats(MemoryCategory.Optimizer, _parameters[i].Count);
            if (_second is not null)
            {
                _second[i] = ledger.Floats(MemoryCategory.Optimizer, _parameters[i].Count);
            }
        }
        LearningRate = spec.LearningRate;
    }

    /// <summary>
    /// The largest gradient magnitude a step applies; beyond it a step is taken for a blow-up and
    /// rejected. Its square still fits a float, so Adam's second moment stays finite.
    /// </summary>
    public const float MaxGradient = 1e18f;

    /// <summary>Current learning rate (a schedule may change it).</summary>
    public float LearningRate { get; set; }

    /// <summary>Optimizer steps taken so far.</summary>
    public long Steps => _steps;

    /// <summary>Updates rejected so far (a non-finite loss, gradient or parameter; see <see cref="Step"/>).</summary>
    public long Rejected { get; private set; }

    /// <summary>The optimized parameters.</summary>
    public IReadOnlyList<Parameter> Parameters => _parameters;

    /// <summary>First moments (Adam m or SGD momentum buffer), per parameter, for checkpoints.</summary>
    internal float[][] FirstMoments => _first;

    /// <summary>Second moments (Adam v), per parameter, for checkpoints; null for SGD.</summary>
    internal float[][]? SecondMoments => _second;

    /// <summary>Restores the step count (checkpoints).</summary>
    internal void RestoreSteps(long steps) => _steps = steps;

    /// <summary>
    /// Applies one update to every parameter from its gradient. Returns false, and changes nothing
    /// but <see cref="Rejected"/>, when a gradient or parameter is NaN or ±∞ or a gradient exceeds
    /// <see cref="MaxGradient"/>: the learner then drops the gradients and the sample's state.
    /// </summary>
    public bool Step()
    {
        if (!Applicable())
        {
            Rejected++;
            return false;
        }
        _steps++;
        if (_spec.Optimizer == OptimizerKind.Adam)
        {
            AdamStep();
        }
        else
        {
            SgdStep();
        }
        return true;
    }

    /// <summary>Counts an update the learner refused before it reached <see cref="Step"/> (its loss was NaN or ±∞).</summary>
    public void Reject() => Rejected++;

    /// <summary>True when every gradient is finite and within <see cref="MaxGradient"/> and every parameter is finite.</summary>
    private bool Applicable()
    {
        foreach (var p in _parameters)
        {
            // NaN fails both comparisons: MaxMagnitude returns NaN when any value is NaN.
            if (p.Count > 0 && !(TensorPrimitives.MaxMagnitude(p.Grad!) <= MaxGradient && float.IsFinite(TensorPrimitives.MaxMagnitude(p.Value))))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Zeroes every gradient.</summary>
    public void ZeroGrad()
    {
        foreach (var p in _parameters)
        {
            Array.Clear(p.Grad!);
        }
    }

    private void AdamStep()
    {
        var b1 = _spec.Beta1;
        var b2 = _spec.Beta2;
        var eps = _spec.Epsilon;
        var wd = _spec.WeightDecay;
        // PyTorch: step_size = lr / (1 − β1^t); denom = sqrt(v) / sqrt(1 − β2^t) + eps.
        var bc1 = 1.0 - Math.Pow(b1, _steps);
        var bc2Sqrt = (float)Math.Sqrt(1.0 - Math.Pow(b2, _steps));
        var stepSize = (float)(LearningRate / bc1);
        for (var k = 0; k < _parameters.Length; k++)
        {
            var p = _parameters[k].Value.AsSpan();
            var g = _parameters[k].Grad.AsSpan();
            var m = _first[k].AsSpan();
            var v = _second![k].AsSpan();
            var i = 0;
            if (Vector.IsHardwareAccelerated && wd == 0f)
            {
                var w = Vector<float>.Count;
                var vb1 = new Vector<float>(b1);
                var vb2 = new Vector<float>(b2);
                var vc1 = new Vector<float>(1f - b1);
                var vc2 = new Vector<float>(1f - b2);
                var vbc2 = new Vector<float>(bc2Sqrt);
                var veps = new Vector<float>(eps);
                var vstep = new Vector<float>(stepSize);
                for (; i <= p.Length - w; i += w)
                {
                    var gi = new Vector<float>(g.Slice(i, w));
                    var mi = (vb1 * new Vector<float>(m.Slice(i, w))) + (vc1 * gi);
                    var vi = (vb2 * new Vector<float>(v.Slice(i, w))) + (vc2 * gi * gi);
                    var denom = (Vector.SquareRoot(vi) / vbc2) + veps;
                    (new Vector<float>(p.Slice(i, w)) - (vstep * (mi / denom))).CopyTo(p.Slice(i, w));
                    mi.CopyTo(m.Slice(i, w));
                    vi.CopyTo(v.Slice(i, w));
                }
            }
            for (; i < p.Length; i++)
            {
                var gi = wd != 0f ? g[i] + (wd * p[i]) : g[i];
                m[i] = (b1 * m[i]) + ((1f - b1) * gi);
                v[i] = (b2 * v[i]) + ((1f - b2) * gi * gi);
                var denom = (MathF.Sqrt(v[i]) / bc2Sqrt) + eps;
                p[i] -= stepSize * (m[i] / denom);
            }
        }
    }

    private void SgdStep()
    {
        var lr = LearningRate;
        var mu = _spec.Momentum;
        var wd = _spec.WeightDecay;
        var first = _steps == 1;
        for (var k = 0; k < _parameters.Length; k++)
        {
            var p = _parameters[k].Value;
            var g = _parameters[k].Grad!;
            var buf = _first[k];
            for (var i = 0; i < p.Length; i++)
            {
                var d = wd != 0f ? g[i] + (wd * p[i]) : g[i];
                if (mu != 0f)
                {
                    buf[i] = first ? d : (mu * buf[i]) + d;
                    d = _spec.Nesterov ? d + (mu * buf[i]) : buf[i];
                }
                p[i] -= lr * d;
            }
        }
    }
}
