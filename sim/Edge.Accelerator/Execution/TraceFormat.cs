namespace Edge.Accelerator.Execution;

/// <summary>
/// How a real trace (Σ λ^k·value) is held in the chip's unsigned trace width: as an integer in units
/// of 2^−<see cref="UnitBits"/>, decayed by <see cref="Decay"/>/2^<see cref="FractionBits"/> with
/// stochastic rounding. The unit is the largest power of two that keeps the trace of a
/// <c>maxValue</c> input every step within the width, so the learning engine's scales stay powers of two.
/// </summary>
internal readonly record struct TraceFormat(int UnitBits, int Decay, int FractionBits)
{
    /// <summary>The format for decay <paramref name="lambda"/> of inputs up to <paramref name="maxValue"/> over at most <paramref name="steps"/> steps.</summary>
    public static TraceFormat For(double lambda, double maxValue, int steps, int traceBits, int fractionBits)
    {
        var decay = (int)Math.Round(lambda * (1 << fractionBits));
        var q = decay >= 1 << fractionBits ? 1.0 / steps : 1 - (decay / (double)(1 << fractionBits));
        var max = maxValue / q;
        var unitBits = (int)Math.Floor(Math.Log2(((1 << traceBits) - 1) / max));
        return new TraceFormat(unitBits, decay, fractionBits);
    }

    /// <summary>The decay actually applied.</summary>
    public double Lambda => Decay / (double)(1 << FractionBits);

    /// <summary>The integer added for an input of <paramref name="value"/>.</summary>
    public long Impulse(int value, StochasticRounder rounder) =>
        UnitBits >= 0 ? (long)value << UnitBits : rounder.Shift(value, -UnitBits);

    /// <summary>A real value in trace units, rounded to nearest and clipped to <paramref name="max"/>.</summary>
    public int Quantize(double value, int max) => (int)Math.Clamp(Math.Round(value * Math.Pow(2, UnitBits)), 0, max);
}
