namespace Edge.Sim.Audio;

/// <summary>
/// Glasberg and Moore's (1990) equivalent rectangular bandwidth of the human auditory filters:
/// ERB(f) = 24.7 · (4.37 f / 1000 + 1) Hz, and the ERB-number scale
/// E(f) = 21.4 · log10(4.37 f / 1000 + 1), on which auditory filters are evenly spaced.
/// </summary>
public static class ErbScale
{
    /// <summary>Bandwidth in Hz of the auditory filter centred on <paramref name="hz"/>.</summary>
    public static double Bandwidth(double hz) => 24.7 * ((4.37 * hz / 1000) + 1);

    /// <summary>ERB number (Cams) of <paramref name="hz"/>.</summary>
    public static double ToErbNumber(double hz) => 21.4 * Math.Log10((4.37 * hz / 1000) + 1);

    /// <summary>Frequency in Hz of ERB number <paramref name="erb"/>.</summary>
    public static double FromErbNumber(double erb) => (Math.Pow(10, erb / 21.4) - 1) * 1000 / 4.37;

    /// <summary><paramref name="count"/> centre frequencies evenly spaced on the ERB scale from <paramref name="lowHz"/> to <paramref name="highHz"/>, rising.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Fewer than two channels, or not 0 &lt; low &lt; high.</exception>
    public static double[] CentreFrequencies(int count, double lowHz, double highHz)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 2);
        if (!(lowHz > 0) || !(highHz > lowHz))
        {
            throw new ArgumentOutOfRangeException(nameof(highHz), highHz, "expected 0 < low < high frequency");
        }
        var low = ToErbNumber(lowHz);
        var step = (ToErbNumber(highHz) - low) / (count - 1);
        var centres = new double[count];
        for (var i = 0; i < count; i++)
        {
            centres[i] = FromErbNumber(low + (i * step));
        }
        return centres;
    }
}
