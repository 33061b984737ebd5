using Edge.Runtime.Events;

namespace Edge.Sim.Scenes;

/// <summary>
/// What the simulated camera looks at: an intensity image (0..255) as a function of time. Analytic
/// scenes render at any resolution; a frame folder has its own. Rendering allocates nothing.
/// </summary>
public interface IScene
{
    /// <summary>Length of the scene in microseconds, or null when it runs forever.</summary>
    long? DurationUs { get; }

    /// <summary>Size of the scene's own images (a frame folder), or null when it renders at any size.</summary>
    SensorGeometry? NativeGeometry { get; }

    /// <summary>
    /// Renders the image seen <paramref name="timeUs"/> microseconds after the scene started into
    /// <paramref name="frame"/>: row-major, <paramref name="geometry"/>.Width × Height values in 0..255,
    /// (0, 0) the upper-left pixel.
    /// </summary>
    void Render(long timeUs, SensorGeometry geometry, Span<float> frame);
}
