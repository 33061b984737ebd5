namespace Edge.Accelerator.Execution;

/// <summary>
/// A core's pseudo-random source for stochastic rounding (xorshift64*): a value between two
/// representable steps rounds up with probability equal to its distance from the lower one, so the
/// rounding is unbiased on average. Seeded per layer, so runs repeat exactly.
/// </summary>
internal sealed class StochasticRounder(ulong seed)
{
    private ulong _state = seed == 0 ? 0x9E3779B97F4A7C15UL : seed;

    /// <summary>v / 2^<paramref name="bits"/>, rounded stochastically (bits ≤ 0 shifts left, exactly).</summary>
    public long Shift(long v, int bits)
    {
        if (bits <= 0)
        {
            return v << Math.Min(-bits, 62);
        }
        if (bits > 62)
        {
            return 0; // below 2^-62 of a step: no representable chance of rounding up
        }
        var floor = v >> bits;
        var remainder = v & ((1L << bits) - 1);
        return floor + Up(remainder, bits);
    }

    /// <summary><paramref name="v"/> rounded stochastically to an integer.</summary>
    public long Round(double v)
    {
        var floor = Math.Floor(v);
        return (long)floor + ((Next() >> 11) * (1.0 / (1UL << 53)) < v - floor ? 1 : 0);
    }

    /// <summary>1 with probability remainder / 2^bits.</summary>
    private long Up(long remainder, int bits) => remainder != 0 && (long)(Next() >> (64 - bits)) < remainder ? 1 : 0;

    private ulong Next()
    {
        _state ^= _state >> 12;
        _state ^= _state << 25;
        _state ^= _state >> 27;
        return _state * 0x2545F4914F6CDD1DUL;
    }
}
