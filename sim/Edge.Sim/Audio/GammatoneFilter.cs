namespace Edge.Sim.Audio;

/// <summary>
/// One 4th-order gammatone filter (Patterson–Holdsworth), the basilar membrane's response at one
/// place: the signal is shifted down by the centre frequency, passed through four cascaded complex
/// one-pole low-passes of bandwidth 1.019·ERB(f_c), and shifted back up (Holdsworth et al. 1988,
/// as in Slaney's Auditory Toolbox). Unity gain at the centre frequency.
/// </summary>
public sealed class GammatoneFilter
{
    private const int Order = 4;

    /// <summary>Patterson's bandwidth factor: 1.019 ERB gives a 4th-order gammatone the ERB as its equivalent bandwidth.</summary>
    public const double BandwidthFactor = 1.019;

    private readonly double _pole;
    private readonly double _rotateCos;
    private readonly double _rotateSin;

    /// <summary>Creates the filter centred on <paramref name="centreHz"/> for signals sampled at <paramref name="sampleRateHz"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The centre is not between 0 and the Nyquist frequency.</exception>
    public GammatoneFilter(double centreHz, int sampleRateHz)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sampleRateHz);
        if (!(centreHz > 0) || centreHz >= sampleRateHz / 2.0)
        {
            throw new ArgumentOutOfRangeException(nameof(centreHz), centreHz, "centre frequency must be between 0 and half the sample rate");
        }
        CentreHz = centreHz;
        _pole = Math.Exp(-2 * Math.PI * BandwidthFactor * ErbScale.Bandwidth(centreHz) / sampleRateHz);
        (_rotateSin, _rotateCos) = Math.SinCos(2 * Math.PI * centreHz / sampleRateHz);
    }

    /// <summary>Centre frequency in Hz.</summary>
    public double CentreHz { get; }

    /// <summary>Filters <paramref name="input"/> into <paramref name="output"/> (same length), from rest.</summary>
    /// <exception cref="ArgumentException">The spans differ in length.</exception>
    public void Process(ReadOnlySpan<float> input, Span<float> output)
    {
        if (input.Length != output.Length)
        {
            throw new ArgumentException($"output holds {output.Length} samples, input {input.Length}", nameof(output));
        }
        Span<double> re = stackalloc double[Order];
        Span<double> im = stackalloc double[Order];
        re.Clear();
        im.Clear();
        var gain = 1 - _pole;
        double phaseCos = 1, phaseSin = 0;
        for (var n = 0; n < input.Length; n++)
        {
            // Shift down: x·e^(−iωn).
            var inRe = input[n] * phaseCos;
            var inIm = -input[n] * phaseSin;
            for (var k = 0; k < Order; k++)
            {
                re[k] = (gain * inRe) + (_pole * re[k]);
                im[k] = (gain * inIm) + (_pole * im[k]);
                inRe = re[k];
                inIm = im[k];
            }
            // Shift up and keep the real part; ×2 restores the half of a real tone's energy at −ω.
            output[n] = (float)(2 * ((inRe * phaseCos) - (inIm * phaseSin)));
            var nextCos = (phaseCos * _rotateCos) - (phaseSin * _rotateSin);
            phaseSin = (phaseSin * _rotateCos) + (phaseCos * _rotateSin);
            phaseCos = nextCos;
            if ((n & 1023) == 1023)
            {
                // Keep the phasor on the unit circle over long signals.
                var norm = 1 / Math.Sqrt((phaseCos * phaseCos) + (phaseSin * phaseSin));
                phaseCos *= norm;
                phaseSin *= norm;
            }
        }
    }
}
