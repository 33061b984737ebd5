using Edge.Runtime.Events;
using Edge.Sim.Sensor;

namespace Edge.Sim.Tasks;

/// <summary>How a <see cref="SimulatedTask"/> is generated. Unset sizes take the task's defaults.</summary>
public sealed record TaskOptions
{
    /// <summary>Number of labelled segments (samples).</summary>
    public int Samples { get; init; } = 1000;

    /// <summary>Seed of the labels, the stimuli, the mismatch and the noise: equal seeds give equal streams.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>Sensor size; null takes the task's default.</summary>
    public SensorGeometry? Geometry { get; init; }

    /// <summary>Length of one segment in µs; null takes the task's default.</summary>
    public long? SegmentUs { get; init; }

    /// <summary>Frames rendered per second of simulated time.</summary>
    public double FrameRateHz { get; init; } = 1000;

    /// <summary>The pixel model.</summary>
    public SensorParameters Sensor { get; init; } = SensorParameters.Default;

    /// <summary>Class names to keep, in the order wanted (labels follow it); null keeps every class.</summary>
    public IReadOnlyList<string>? Classes { get; init; }

    /// <summary>Relative class frequencies (one per kept class); null is balanced.</summary>
    public IReadOnlyList<double>? ClassWeights { get; init; }

    /// <summary>
    /// Distractor noise: label-independent background events, uniform over pixels and time with
    /// random polarity, in Hz per pixel, on top of the sensor's own noise.
    /// </summary>
    public double DistractorRateHz { get; init; }
}
