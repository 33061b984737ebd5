using Edge.Runtime.Events;

namespace Edge.Sim.Scenes;

/// <summary>A round LED switching on and off (square wave, 50 % duty) in front of a still background.</summary>
public sealed class BlinkingLedScene : IScene
{
    /// <summary>Blink frequency in Hz (one on and one off phase per period).</summary>
    public double FrequencyHz { get; set; } = 10;

    /// <summary>LED radius in scene units.</summary>
    public double Radius { get; set; } = 0.15;

    /// <summary>LED centre, x in scene units.</summary>
    public double CentreX { get; set; }

    /// <summary>LED centre, y in scene units (down).</summary>
    public double CentreY { get; set; }

    /// <summary>Background intensity (0..255).</summary>
    public float Background { get; set; } = 30;

    /// <summary>Intensity of the lit LED.</summary>
    public float OnIntensity { get; set; } = 220;

    /// <summary>Intensity of the dark LED.</summary>
    public float OffIntensity { get; set; } = 50;

    /// <inheritdoc />
    public long? DurationUs => null;

    /// <inheritdoc />
    public SensorGeometry? NativeGeometry => null;

    /// <inheritdoc />
    public void Render(long timeUs, SensorGeometry geometry, Span<float> frame)
    {
        var canvas = new Canvas(frame, geometry);
        canvas.Clear(Background);
        var cycles = FrequencyHz * timeUs * 1e-6;
        var lit = cycles - Math.Floor(cycles) < 0.5;
        canvas.FillDisc(CentreX, CentreY, Radius, lit ? OnIntensity : OffIntensity);
    }
}
