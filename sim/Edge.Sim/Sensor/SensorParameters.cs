using System.Globalization;

namespace Edge.Sim.Sensor;

/// <summary>
/// The pixel model of the simulated event camera (v2e's DVS model, event-io.md §12): contrast
/// thresholds and their mismatch, photoreceptor bandwidth, leak and shot noise, refractory period.
/// Defaults are the v2e command-line defaults; <see cref="Clean"/> and <see cref="Noisy"/> are v2e's
/// <c>--dvs_params</c> presets.
/// </summary>
public sealed record SensorParameters
{
    /// <summary>The v2e command-line defaults (preset "default").</summary>
    public static SensorParameters Default { get; } = new();

    /// <summary>v2e's "clean" preset: mismatch σ 0.02, no low-pass, no noise, no refractory period.</summary>
    public static SensorParameters Clean { get; } = new()
    {
        ThresholdSigma = 0.02,
        CutoffHz = 0,
        LeakRateHz = 0,
        ShotNoiseRateHz = 0,
        RefractoryUs = 0,
    };

    /// <summary>v2e's "noisy" preset: mismatch σ 0.05, 30 Hz photoreceptor, 0.1 Hz leak, 5 Hz shot noise.</summary>
    public static SensorParameters Noisy { get; } = new()
    {
        ThresholdSigma = 0.05,
        CutoffHz = 30,
        LeakRateHz = 0.1,
        ShotNoiseRateHz = 5,
        RefractoryUs = 0,
    };

    /// <summary>Preset names accepted by <see cref="FromPreset"/>.</summary>
    public static IReadOnlyList<string> PresetNames { get; } = ["clean", "default", "noisy"];

    /// <summary>Nominal ON threshold θ_on in log-intensity units (v2e pos_thres).</summary>
    public double OnThreshold { get; init; } = 0.2;

    /// <summary>Nominal OFF threshold θ_off in log-intensity units (v2e neg_thres).</summary>
    public double OffThreshold { get; init; } = 0.2;

    /// <summary>Standard deviation of the per-pixel thresholds around the nominal ones (fixed-pattern mismatch).</summary>
    public double ThresholdSigma { get; init; } = 0.03;

    /// <summary>Photoreceptor cutoff frequency at full intensity in Hz; 0 turns the low-pass off.</summary>
    public double CutoffHz { get; init; } = 300;

    /// <summary>Mean leak-event rate per pixel in Hz (spontaneous ON events).</summary>
    public double LeakRateHz { get; init; } = 0.01;

    /// <summary>Shot-noise event rate per pixel in Hz, before v2e's intensity factor (ON and OFF together).</summary>
    public double ShotNoiseRateHz { get; init; } = 0.001;

    /// <summary>Minimum time between two events of one pixel, in microseconds.</summary>
    public long RefractoryUs { get; init; } = 500;

    /// <summary>Relative spread of a pixel's leak rate from one leak period to the next.</summary>
    public double LeakJitterFraction { get; init; } = 0.1;

    /// <summary>Spread of the per-pixel leak-rate multiplier 10^(cov·N(0,1)), in decades.</summary>
    public double NoiseRateCovDecades { get; init; } = 0.1;

    /// <summary>The preset of that name: clean, default or noisy.</summary>
    /// <exception cref="ArgumentException">The name is not a preset.</exception>
    public static SensorParameters FromPreset(string name) => name switch
    {
        "clean" => Clean,
        "default" => Default,
        "noisy" => Noisy,
        _ => throw new ArgumentException(
            $"unknown sensor preset '{name}' (expected {string.Join(", ", PresetNames)})", nameof(name)),
    };

    /// <summary>Throws when a parameter is out of its range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A threshold is not positive or a rate is negative.</exception>
    public void Validate()
    {
        Positive(OnThreshold, nameof(OnThreshold));
        Positive(OffThreshold, nameof(OffThreshold));
        NotNegative(ThresholdSigma, nameof(ThresholdSigma));
        NotNegative(CutoffHz, nameof(CutoffHz));
        NotNegative(LeakRateHz, nameof(LeakRateHz));
        NotNegative(ShotNoiseRateHz, nameof(ShotNoiseRateHz));
        NotNegative(RefractoryUs, nameof(RefractoryUs));
        NotNegative(LeakJitterFraction, nameof(LeakJitterFraction));
        NotNegative(NoiseRateCovDecades, nameof(NoiseRateCovDecades));
    }

    private static void Positive(double value, string name)
    {
        if (!(value > 0) || double.IsInfinity(value))
        {
            throw new ArgumentOutOfRangeException(name, value, string.Create(CultureInfo.InvariantCulture, $"{name} must be a positive finite number"));
        }
    }

    private static void NotNegative(double value, string name)
    {
        if (!(value >= 0) || double.IsInfinity(value))
        {
            throw new ArgumentOutOfRangeException(name, value, string.Create(CultureInfo.InvariantCulture, $"{name} must be a finite number ≥ 0"));
        }
    }
}
