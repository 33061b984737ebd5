using Edge.Accelerator.Counting;
using Edge.Accelerator.Mapping;
using Edge.Runtime.Kernels;

namespace Edge.Accelerator.Execution;

/// <summary>
/// The learning engine of one synapse set in sum-of-products form: at a learning step every synapse
/// (input j → neuron i) adds  a_i·x_j·2^ea + b_i·x1_j·2^eb  to its saturating accumulator, where the
/// per-neuron factors a_i, b_i carry the postsynaptic variables (y1, y2, y3) and the rule's mantissas,
/// x_j is this step's input (x0, a count for graded inputs) and x1_j its trace. The sum is rounded
/// stochastically to the accumulator's step 2^<see cref="Exponent"/>. Shared kernels keep one
/// accumulator per weight per spatial tile (each core's copy); the host sums the copies when it drains
/// them. The host also sets the exponent: at the first learning step so that even the largest
/// product added at every position and learning step would fit, then from the previous sample's peak,
/// aiming at 2^(bits−3).
/// </summary>
internal sealed class LearningEngine
{
    private readonly ConvGeometry _g;
    private readonly Partition _p;
    private readonly int _tiles;
    private readonly short[] _acc;
    private readonly int _max;
    private readonly int _bits;
    private readonly StochasticRounder _rounder;
    private readonly int _entryBytes;
    private readonly bool _countEffective;
    private readonly long _shares;

    public LearningEngine(ConvGeometry geometry, Partition partition, int accumulatorBits, int entryBytes, StochasticRounder rounder, bool countEffective, int learnSteps)
    {
        _countEffective = countEffective;
        _g = geometry;
        _p = partition;
        _tiles = geometry.OutHeight * geometry.OutWidth > 1 ? partition.Tiles : 1;
        _shares = Math.Max(1, geometry.OutHeight * geometry.OutWidth / _tiles) * (long)Math.Max(1, learnSteps);
        _acc = new short[_tiles * geometry.WeightCount];
        _bits = accumulatorBits;
        _max = (1 << (accumulatorBits - 1)) - 1;
        _rounder = rounder;
        _entryBytes = entryBytes;
    }

    private bool _calibrated;

    /// <summary>log2 of the accumulator's step in real units.</summary>
    public int Exponent { get; private set; }

    /// <summary>Accumulators held (copies × weights).</summary>
    public int Entries => _acc.Length;

    /// <summary>Accumulates one learning step. Every span is per sample, channels-last.</summary>
    public void Accumulate(ReadOnlySpan<int> x, ReadOnlySpan<byte> x1, ReadOnlySpan<int> a, ReadOnlySpan<int> b, int ea, int eb, ChipCounters counters)
    {
        if (!_calibrated && !Calibrate(x, x1, a, b, ea, eb))
        {
            return;
        }
        int cin = _g.InChannels, cout = _g.OutChannels, k = _g.Kernel, s = _g.Stride, pad = _g.Padding, wout = _g.OutWidth;
        var shiftA = ea - Exponent;
        var shiftB = eb - Exponent;
        var low = Math.Min(shiftA, shiftB);
        var upA = Math.Min(62, shiftA - low);
        var upB = Math.Min(62, shiftB - low);
        for (var y = 0; y < _g.OutHeight; y++)
        {
            for (var xo = 0; xo < wout; xo++)
            {
                var position = (y * wout) + xo;
                var post = position * cout;
                if (AllZero(a.Slice(post, cout)) && AllZero(b.Slice(post, cout)))
                {
                    continue;
                }
                var tile = _tiles == 1 ? 0 : _p.TileOf(y, xo);
                for (var ky = 0; ky < k; ky++)
                {
                    var iy = (y * s) + ky - pad;
                    if ((uint)iy >= (uint)_g.InHeight)
                    {
                        continue;
                    }
                    for (var kx = 0; kx < k; kx++)
                    {
                        var ix = (xo * s) + kx - pad;
                        if ((uint)ix >= (uint)_g.InWidth)
                        {
                            continue;
                        }
                        var pixel = ((iy * _g.InWidth) + ix) * cin;
                        for (var c = 0; c < cin; c++)
                        {
                            var xv = x[pixel + c];
                            var xt = x1[pixel + c];
                            if ((xv | xt) == 0)
                            {
                                continue;
                            }
                            var row = (tile * _g.WeightCount) + (((((ky * k) + kx) * cin) + c) * cout);
                            Row(xv, xt, a.Slice(post, cout), b.Slice(post, cout), _acc.AsSpan(row, cout), upA, upB, low, y, xo, counters);
                        }
                    }
                }
            }
        }
    }

    /// <summary>
    /// Adds the accumulated ΔW (real units, the runtime's layout) into <paramref name="dW"/>, sums the
    /// copies, zeroes the accumulators and sets the next sample's exponent from their peak.
    /// </summary>
    public void Drain(Span<float> dW)
    {
        var step = Math.Pow(2, Exponent);
        var peak = 0;
        var n = _g.WeightCount;
        for (var j = 0; j < n; j++)
        {
            long sum = 0;
            for (var t = 0; t < _tiles; t++)
            {
                var v = _acc[(t * n) + j];
                sum += v;
                peak = Math.Max(peak, Math.Abs((int)v));
            }
            dW[j] += (float)(sum * step);
        }
        Array.Clear(_acc);
        if (peak >= _max)
        {
            Exponent += 3;
        }
        else if (peak > 0)
        {
            Exponent += (int)Math.Ceiling(Math.Log2(peak)) - (_bits - 3);
        }
    }

    private void Row(int xv, int xt, ReadOnlySpan<int> a, ReadOnlySpan<int> b, Span<short> acc, int upA, int upB, int low, int y, int xo, ChipCounters counters)
    {
        var p = _p;
        for (var g = 0; g < p.Groups; g++)
        {
            var o0 = g * p.GroupChannels;
            var o1 = o0 + p.ChannelsIn(g);
            long updates = 0, terms = 0, saturated = 0;
            for (var o = o0; o < o1; o++)
            {
                var ta = (long)xv * a[o];
                var tb = (long)xt * b[o];
                if ((ta | tb) == 0)
                {
                    continue;
                }
                updates++;
                terms += (ta != 0 ? 1 : 0) + (tb != 0 ? 1 : 0);
                var v = (ta << upA) + (tb << upB);
                var d = low >= 0 ? v << Math.Min(low, 62) : _rounder.Shift(v, -low);
                var sum = acc[o] + d;
                if (sum > _max || sum < -_max - 1)
                {
                    saturated++;
                    sum = Math.Clamp(sum, -_max - 1, _max);
                }
                acc[o] = (short)sum;
            }
            var core = p.CoreOf(y, xo, o0);
            if (saturated > 0)
            {
                counters.Add(Counter.Saturations, core, saturated);
            }
            if (updates > 0 && _countEffective)
            {
                counters.Add(Counter.SynUpdates, core, updates);
                counters.Add(Counter.SynUpdateTerms, core, terms);
                counters.Add(Counter.MemoryReadBytes, core, updates * _entryBytes);
                counters.Add(Counter.MemoryWriteBytes, core, updates * _entryBytes);
            }
        }
    }

    /// <summary>Sets the exponent so that the largest product of this step, added at every position and learning step, would fit.</summary>
    private bool Calibrate(ReadOnlySpan<int> x, ReadOnlySpan<byte> x1, ReadOnlySpan<int> a, ReadOnlySpan<int> b, int ea, int eb)
    {
        var largest = Math.Max(MaxAbs(a) * (double)MaxAbs(x) * Math.Pow(2, ea), MaxAbs(b) * (double)MaxAbs(x1) * Math.Pow(2, eb));
        if (largest <= 0)
        {
            return false;
        }
        Exponent = (int)Math.Ceiling(Math.Log2(largest * _shares)) - (_bits - 1);
        _calibrated = true;
        return true;
    }

    private static bool AllZero(ReadOnlySpan<int> v)
    {
        foreach (var e in v)
        {
            if (e != 0)
            {
                return false;
            }
        }
        return true;
    }

    private static int MaxAbs(ReadOnlySpan<int> v)
    {
        var m = 0;
        foreach (var e in v)
        {
            m = Math.Max(m, Math.Abs(e));
        }
        return m;
    }

    private static int MaxAbs(ReadOnlySpan<byte> v)
    {
        var m = 0;
        foreach (var e in v)
        {
            m = Math.Max(m, (int)e);
        }
        return m;
    }
}
