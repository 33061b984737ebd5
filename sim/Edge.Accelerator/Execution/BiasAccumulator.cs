namespace Edge.Accelerator.Execution;

/// <summary>
/// The neurons' bias gradients: each neuron's microcode adds c_i·2^e (its y2·y3 product for a spiking
/// layer, its y2 for a readout) to a saturating register of the membrane's width at every learning
/// step, rounded stochastically to the register's step; the host sums the registers of a channel.
/// The step is set like the learning engine's.
/// </summary>
internal sealed class BiasAccumulator(int neurons, int channels, int bits, StochasticRounder rounder)
{
    private readonly int[] _acc = new int[neurons];
    private readonly int _max = (1 << (bits - 1)) - 1;

    private bool _calibrated;

    /// <summary>log2 of the register's step in real units.</summary>
    public int Exponent { get; private set; }

    /// <summary>Registers held (one per neuron).</summary>
    public int Entries => _acc.Length;

    /// <summary>Adds c_i·2^<paramref name="e"/> to each neuron's register; returns the registers that saturated.</summary>
    public int Accumulate(ReadOnlySpan<int> c, int e)
    {
        if (!_calibrated)
        {
            var largest = 0;
            foreach (var v in c)
            {
                largest = Math.Max(largest, Math.Abs(v));
            }
            if (largest == 0)
            {
                return 0;
            }
            // A whole map of neurons can add into one channel: leave 2^(bits−8) of room.
            Exponent = (int)Math.Floor(Math.Log2(largest)) + e - (bits - 8);
            _calibrated = true;
        }
        var shift = Exponent - e;
        var saturated = 0;
        for (var i = 0; i < _acc.Length; i++)
        {
            if (c[i] == 0)
            {
                continue;
            }
            var d = shift <= 0 ? (long)c[i] << Math.Min(-shift, 62) : rounder.Shift(c[i], shift);
            var sum = _acc[i] + d;
            if (sum > _max || sum < -_max - 1)
            {
                saturated++;
                sum = Math.Clamp(sum, -_max - 1, _max);
            }
            _acc[i] = (int)sum;
        }
        return saturated;
    }

    /// <summary>Adds the per-channel sums (real units) into <paramref name="db"/>, zeroes the registers and sets the next exponent.</summary>
    public void Drain(Span<float> db)
    {
        var step = Math.Pow(2, Exponent);
        var peak = 0;
        for (var i = 0; i < _acc.Length; i++)
        {
            db[i % channels] += (float)(_acc[i] * step);
            peak = Math.Max(peak, Math.Abs(_acc[i]));
        }
        Array.Clear(_acc);
        if (peak >= _max)
        {
            Exponent += 3;
        }
        else if (peak > 0)
        {
            Exponent += (int)Math.Ceiling(Math.Log2(peak)) - (bits - 8);
        }
    }
}
