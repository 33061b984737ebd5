using Edge.Runtime;

namespace Edge.Sim.Audio;

/// <summary>
/// A simulated cochlea that turns sound into spikes the way the Spiking Heidelberg Digits were made,
/// in a simpler model (docs/test-sets.md): a gammatone filterbank of <see cref="CochleaOptions.Channels"/>
/// channels evenly spaced on the ERB scale (the basilar membrane), a hair cell per channel
/// (half-wave rectification, compression, low-pass) and a leaky integrate-and-fire cell per channel
/// whose threshold carries a fixed mismatch drawn from the seed.
/// </summary>
public sealed class Cochlea
{
    private readonly GammatoneFilter[] _filters;
    private readonly HairCell _hairCell;
    private readonly SpikeEncoder _encoder;
    private readonly double[] _thresholds;

    /// <summary>Builds the cochlea for sound sampled at <paramref name="sampleRateHz"/>; <paramref name="seed"/> draws the threshold mismatch.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range for this sample rate.</exception>
    public Cochlea(CochleaOptions options, int sampleRateHz, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sampleRateHz);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.Channels, ushort.MaxValue + 1);
        if (options.ThresholdSigma is < 0 or >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.ThresholdSigma, "threshold mismatch must be in [0, 1)");
        }
        Options = options;
        SampleRateHz = sampleRateHz;
        var centres = ErbScale.CentreFrequencies(options.Channels, options.LowHz, Math.Min(options.HighHz, 0.45 * sampleRateHz));
        _filters = new GammatoneFilter[centres.Length];
        for (var i = 0; i < centres.Length; i++)
        {
            _filters[i] = new GammatoneFilter(centres[i], sampleRateHz);
        }
        _hairCell = new HairCell(options.CompressionExponent, options.HairCellCutoffHz, sampleRateHz);
        _encoder = new SpikeEncoder(options.MembraneTauMs, options.Gain, options.RefractoryMs, sampleRateHz);
        var rng = new Rng(seed);
        _thresholds = new double[centres.Length];
        for (var i = 0; i < _thresholds.Length; i++)
        {
            _thresholds[i] = Math.Max(0.5, 1 + (options.ThresholdSigma * rng.NextNormal()));
        }
    }

    /// <summary>The options it was built with.</summary>
    public CochleaOptions Options { get; }

    /// <summary>Sample rate of the sound it takes, in Hz.</summary>
    public int SampleRateHz { get; }

    /// <summary>Centre frequency of channel <paramref name="channel"/> in Hz (channel 0 is the lowest).</summary>
    public double CentreHz(int channel) => _filters[channel].CentreHz;

    /// <summary>
    /// The spikes <paramref name="sound"/> (pressure in arbitrary units, ~0.05 RMS for speech at a
    /// comfortable level) evokes, sorted by time, then channel.
    /// </summary>
    public AudioSpikes Hear(ReadOnlySpan<float> sound)
    {
        var motion = new float[sound.Length];
        var sampleIndices = new List<int>();
        var keys = new List<long>();
        for (var channel = 0; channel < _filters.Length; channel++)
        {
            _filters[channel].Process(sound, motion);
            _hairCell.Process(motion);
            sampleIndices.Clear();
            _encoder.Encode(motion, _thresholds[channel], sampleIndices);
            foreach (var n in sampleIndices)
            {
                keys.Add(((long)n * _filters.Length) + channel);
            }
        }
        keys.Sort();
        var times = new double[keys.Count];
        var channels = new int[keys.Count];
        for (var i = 0; i < keys.Count; i++)
        {
            times[i] = (double)(keys[i] / _filters.Length) / SampleRateHz;
            channels[i] = (int)(keys[i] % _filters.Length);
        }
        return new AudioSpikes(times, channels, _filters.Length);
    }
}

/// <summary>The spikes of one sound: times in seconds from its start, rising, and the channel of each.</summary>
/// <param name="TimesSeconds">Spike times.</param>
/// <param name="Channels">Channel of each spike, 0 = lowest frequency.</param>
/// <param name="ChannelCount">Channels of the cochlea that made them.</param>
public sealed record AudioSpikes(double[] TimesSeconds, int[] Channels, int ChannelCount)
{
    /// <summary>Number of spikes.</summary>
    public int Count => TimesSeconds.Length;
}
