namespace Edge.Sim.Audio;

/// <summary>
/// Parameters of the simulated <see cref="Cochlea"/>. The defaults give SHD's 700 channels over
/// the speech band; docs/test-sets.md states the model and why each value.
/// </summary>
public sealed record CochleaOptions
{
    /// <summary>Number of channels (SHD: 700).</summary>
    public int Channels { get; init; } = 700;

    /// <summary>Centre frequency of channel 0 in Hz.</summary>
    public double LowHz { get; init; } = 50;

    /// <summary>Centre frequency of the last channel in Hz (kept below 45 % of the sample rate).</summary>
    public double HighHz { get; init; } = 8000;

    /// <summary>Hair-cell compression exponent.</summary>
    public double CompressionExponent { get; init; } = 0.3;

    /// <summary>Hair-cell low-pass cutoff in Hz.</summary>
    public double HairCellCutoffHz { get; init; } = 1000;

    /// <summary>Membrane time constant of the spiking cells in ms.</summary>
    public double MembraneTauMs { get; init; } = 5;

    /// <summary>Gain from hair-cell drive to membrane potential (threshold 1).</summary>
    public double Gain { get; init; } = 10;

    /// <summary>Refractory period of the spiking cells in ms.</summary>
    public double RefractoryMs { get; init; } = 2;

    /// <summary>Relative spread of the per-channel thresholds (mismatch), drawn once per cochlea.</summary>
    public double ThresholdSigma { get; init; } = 0.05;
}
