using Edge.Runtime.Events;

namespace Edge.Sim.Sensor;

/// <summary>How a <see cref="SimulatedEventCamera"/> is built.</summary>
public sealed record CameraOptions
{
    /// <summary>The size used when neither the options nor the scene give one: 128×128 (a DVS128).</summary>
    public static SensorGeometry DefaultGeometry { get; } = new(128, 128);

    /// <summary>Pixel array size; null takes the scene's own size, else <see cref="DefaultGeometry"/>.</summary>
    public SensorGeometry? Geometry { get; init; }

    /// <summary>Frames rendered per second of simulated time (1 kHz keeps every crossing inside a frame well timed).</summary>
    public double FrameRateHz { get; init; } = 1000;

    /// <summary>The pixel model (a preset or custom values).</summary>
    public SensorParameters Sensor { get; init; } = SensorParameters.Default;

    /// <summary>Standard deviation of the lens's Gaussian blur in pixels; 0 for a sharp image.</summary>
    public double BlurSigmaPixels { get; init; }

    /// <summary>Seed of the mismatch and the noise: the same seed gives the same events.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>Simulated duration in µs; null runs as long as the scene (forever for analytic scenes).</summary>
    public long? DurationUs { get; init; }

    /// <summary>Readout capacity per frame; 0 = 4 events per pixel.</summary>
    public int MaxEventsPerFrame { get; init; }
}
