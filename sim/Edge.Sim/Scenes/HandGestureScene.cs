using Edge.Runtime.Events;

namespace Edge.Sim.Scenes;

/// <summary>
/// A person seen from the front — head, torso, upper arms — moving the forearms and hands along a
/// <see cref="Gesture"/> trajectory, for a DVS-Gesture-like task. The still body gives the moving
/// arms something to pass in front of; only the arms and hands move. Positions are in body units
/// (the figure fits a square of side <see cref="Size"/> scene units), y pointing down.
/// </summary>
public sealed class HandGestureScene : IScene
{
    private const double ElbowX = 0.26;
    private const double ElbowY = 0.02;

    /// <summary>The movement.</summary>
    public Gesture Gesture { get; set; }

    /// <summary>Shows the figure mirrored left to right: the other hand makes the movement (circles turn the other way on screen).</summary>
    public bool Mirrored { get; set; }

    /// <summary>Duration of one movement cycle in seconds.</summary>
    public double PeriodSeconds { get; set; } = 0.5;

    /// <summary>Phase of the cycle at time 0, in cycles (0..1).</summary>
    public double Phase { get; set; }

    /// <summary>Height of the figure in scene units.</summary>
    public double Size { get; set; } = 1;

    /// <summary>Body centre, x in scene units.</summary>
    public double CentreX { get; set; }

    /// <summary>Body centre, y in scene units (down).</summary>
    public double CentreY { get; set; }

    /// <summary>Background intensity (0..255).</summary>
    public float Background { get; set; } = 30;

    /// <summary>Intensity of the clothed body (head, torso, upper arms).</summary>
    public float Body { get; set; } = 70;

    /// <summary>Intensity of the forearms and hands.</summary>
    public float Skin { get; set; } = 190;

    /// <inheritdoc />
    public long? DurationUs => null;

    /// <inheritdoc />
    public SensorGeometry? NativeGeometry => null;

    /// <inheritdoc />
    public void Render(long timeUs, SensorGeometry geometry, Span<float> frame)
    {
        var canvas = new Canvas(frame, geometry);
        canvas.Clear(Background);
        Capsule(canvas, 0, -0.18, 0, 0.3, 0.11, Body);   // torso
        Capsule(canvas, 0, -0.32, 0, -0.32, 0.09, Body); // head
        Capsule(canvas, -0.14, -0.16, -ElbowX, ElbowY, 0.035, Body);
        Capsule(canvas, 0.14, -0.16, ElbowX, ElbowY, 0.035, Body);

        var phi = 2 * Math.PI * ((timeUs * 1e-6 / PeriodSeconds) + Phase);
        var (leftX, leftY, rightX, rightY) = Hands(phi);
        if (Mirrored)
        {
            (leftX, leftY, rightX, rightY) = (-rightX, rightY, -leftX, leftY);
        }
        Arm(canvas, -ElbowX, leftX, leftY);
        Arm(canvas, ElbowX, rightX, rightY);
    }

    /// <summary>Hand positions (image-left hand, image-right hand) at cycle angle <paramref name="phi"/>.</summary>
    internal (double LeftX, double LeftY, double RightX, double RightY) Hands(double phi)
    {
        // A hand that does not take part hangs below its elbow.
        const double RestX = -ElbowX + 0.02;
        const double RestY = ElbowY + 0.2;
        var (sin, cos) = Math.SinCos(phi);
        switch (Gesture)
        {
            case Gesture.CircleClockwise:
                return (RestX, RestY, ElbowX + 0.02 + (0.11 * cos), ElbowY - 0.2 + (0.11 * sin));
            case Gesture.CircleAnticlockwise:
                return (RestX, RestY, ElbowX + 0.02 + (0.11 * cos), ElbowY - 0.2 - (0.11 * sin));
            case Gesture.Wave:
                var (swingSin, swingCos) = Math.SinCos(0.55 * sin);
                return (RestX, RestY, ElbowX + (0.24 * swingSin), ElbowY - (0.24 * swingCos));
            case Gesture.UpDown:
                return (RestX, RestY, ElbowX + 0.04, ElbowY - 0.16 + (0.13 * sin));
            case Gesture.LeftRight:
                return (RestX, RestY, ElbowX + (0.13 * sin), ElbowY - 0.18);
            case Gesture.Drums:
                return (-ElbowX + 0.06, ElbowY - 0.02 + (0.07 * sin), ElbowX - 0.06, ElbowY - 0.02 - (0.07 * sin));
            case Gesture.AirGuitar:
                // The image-left hand holds the neck out to the side; the other strums across the belly.
                return (-ElbowX - 0.1 + (0.02 * sin), ElbowY - 0.12, 0.06 + (0.03 * cos), ElbowY + 0.1 + (0.08 * sin));
            case Gesture.Clap:
                var apart = 0.085 + (0.12 * (1 + cos) / 2);
                return (-apart, -0.02, apart, -0.02);
            default: // ArmRoll
                return (-0.09 * cos, 0.02 - (0.09 * sin), 0.09 * cos, 0.02 + (0.09 * sin));
        }
    }

    private void Arm(Canvas canvas, double elbowX, double handX, double handY)
    {
        Capsule(canvas, elbowX, ElbowY, handX, handY, 0.03, Skin);
        Capsule(canvas, handX, handY, handX, handY, 0.055, Skin);
    }

    private void Capsule(Canvas canvas, double ax, double ay, double bx, double by, double radius, float intensity) =>
        canvas.FillCapsule(CentreX + (ax * Size), CentreY + (ay * Size), CentreX + (bx * Size), CentreY + (by * Size), radius * Size, intensity);
}
