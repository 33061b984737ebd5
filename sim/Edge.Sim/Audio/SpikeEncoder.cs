namespace Edge.Sim.Audio;

/// <summary>
/// The spiking cell of one cochlear channel: a leaky integrate-and-fire neuron driven by its hair
/// cell, τ dv/dt = g·drive − v, a spike and a reset to 0 when v reaches the threshold, then a
/// refractory period during which v stays at 0 (Euler steps at the audio sample rate).
/// </summary>
public sealed class SpikeEncoder
{
    private readonly double _step;
    private readonly int _refractorySamples;

    /// <summary>Creates the encoder for drive sampled at <paramref name="sampleRateHz"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A time constant, gain or refractory period out of range.</exception>
    public SpikeEncoder(double tauMs, double gain, double refractoryMs, int sampleRateHz)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sampleRateHz);
        if (!(tauMs > 0) || !(gain > 0) || !(refractoryMs >= 0) || double.IsInfinity(tauMs) || double.IsInfinity(gain))
        {
            throw new ArgumentOutOfRangeException(nameof(tauMs), "membrane time constant and gain must be positive, the refractory period not negative");
        }
        Gain = gain;
        _step = Math.Min(1, 1000.0 / (tauMs * sampleRateHz));
        _refractorySamples = (int)Math.Round(refractoryMs * sampleRateHz / 1000);
    }

    /// <summary>Gain g from hair-cell drive to membrane potential.</summary>
    public double Gain { get; }

    /// <summary>
    /// Runs the neuron over <paramref name="drive"/> with firing threshold <paramref name="threshold"/>
    /// and appends the sample index of every spike to <paramref name="spikes"/>.
    /// </summary>
    public void Encode(ReadOnlySpan<float> drive, double threshold, List<int> spikes)
    {
        ArgumentNullException.ThrowIfNull(spikes);
        var v = 0.0;
        var quietUntil = -1;
        for (var n = 0; n < drive.Length; n++)
        {
            if (n <= quietUntil)
            {
                continue;
            }
            v += _step * ((Gain * drive[n]) - v);
            if (v >= threshold)
            {
                spikes.Add(n);
                v = 0;
                quietUntil = n + _refractorySamples;
            }
        }
    }
}
