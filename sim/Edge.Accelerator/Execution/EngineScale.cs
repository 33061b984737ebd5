namespace Edge.Accelerator.Execution;

/// <summary>
/// A constant as the learning engine holds it: a signed mantissa of a few bits times a power of two
/// (Loihi: 4-bit mantissa). <see cref="Error"/> says how far the stored value is from the wanted one.
/// </summary>
public readonly record struct EngineScale(int Mantissa, int Exponent, double Wanted)
{
    /// <summary>The closest representable value to <paramref name="value"/> with a <paramref name="mantissaBits"/>-bit signed mantissa.</summary>
    public static EngineScale From(double value, int mantissaBits)
    {
        if (value == 0 || double.IsNaN(value))
        {
            return new EngineScale(0, 0, value);
        }
        var max = (1 << (mantissaBits - 1)) - 1;
        var exponent = (int)Math.Floor(Math.Log2(Math.Abs(value) / max)) + 1;
        var mantissa = (int)Math.Round(value / Math.Pow(2, exponent));
        while (Math.Abs(mantissa) > max)
        {
            exponent++;
            mantissa = (int)Math.Round(value / Math.Pow(2, exponent));
        }
        while (mantissa != 0 && mantissa % 2 == 0)
        {
            mantissa /= 2;
            exponent++;
        }
        return new EngineScale(mantissa, exponent, value);
    }

    /// <summary>The stored value.</summary>
    public double Value => Mantissa * Math.Pow(2, Exponent);

    /// <summary>Relative error of the stored value.</summary>
    public double Error => Wanted == 0 ? 0 : Math.Abs(Value - Wanted) / Math.Abs(Wanted);
}
