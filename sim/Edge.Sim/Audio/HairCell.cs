namespace Edge.Sim.Audio;

/// <summary>
/// The inner hair cell of a simple cochlear model: half-wave rectification of the basilar-membrane
/// motion, power-law compression (exponent <see cref="Exponent"/>), and a first-order low-pass at
/// <see cref="CutoffHz"/> (the membrane's loss of phase locking at high frequencies).
/// </summary>
public sealed class HairCell
{
    private readonly double _smoothing;

    /// <summary>Creates the hair cell for signals sampled at <paramref name="sampleRateHz"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The exponent is not in (0, 1] or the cutoff not positive.</exception>
    public HairCell(double exponent, double cutoffHz, int sampleRateHz)
    {
        if (!(exponent > 0) || exponent > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(exponent), exponent, "compression exponent must be in (0, 1]");
        }
        if (!(cutoffHz > 0) || double.IsInfinity(cutoffHz))
        {
            throw new ArgumentOutOfRangeException(nameof(cutoffHz), cutoffHz, "hair-cell cutoff must be a positive frequency");
        }
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sampleRateHz);
        Exponent = exponent;
        CutoffHz = cutoffHz;
        _smoothing = Math.Exp(-2 * Math.PI * cutoffHz / sampleRateHz);
    }

    /// <summary>Compression exponent (1/3 ≈ the cochlea's compressive growth).</summary>
    public double Exponent { get; }

    /// <summary>Low-pass cutoff in Hz.</summary>
    public double CutoffHz { get; }

    /// <summary>Turns basilar-membrane motion into the hair cell's drive, in place.</summary>
    public void Process(Span<float> signal)
    {
        var level = 0f;
        var exponent = (float)Exponent;
        var smoothing = (float)_smoothing;
        for (var n = 0; n < signal.Length; n++)
        {
            var rectified = signal[n] > 0 ? MathF.Pow(signal[n], exponent) : 0f;
            level = rectified + (smoothing * (level - rectified));
            signal[n] = level;
        }
    }
}
