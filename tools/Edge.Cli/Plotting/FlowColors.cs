namespace Edge.Cli.Plotting;

/// <summary>
/// The optical-flow colour wheel of the Middlebury benchmark (Baker et al. 2011): the direction of
/// a flow vector picks the hue around a wheel of 55 colours (red, yellow, green, cyan, blue,
/// magenta, in steps of 15, 6, 4, 11, 13, 6), its length the saturation (white at zero, full colour
/// at the scale's length, darker beyond).
/// </summary>
internal static class FlowColors
{
    private static readonly (double R, double G, double B)[] Wheel = MakeWheel();

    /// <summary>The colour of flow (<paramref name="u"/>, <paramref name="v"/>) (x right, y down) when <paramref name="scale"/> is full length.</summary>
    public static Rgb Of(double u, double v, double scale)
    {
        if (!double.IsFinite(u) || !double.IsFinite(v))
        {
            return Rgb.Grey;
        }
        var radius = Math.Sqrt((u * u) + (v * v)) / Math.Max(scale, 1e-9);
        var angle = Math.Atan2(-v, -u) / Math.PI;
        var position = (angle + 1) / 2 * (Wheel.Length - 1);
        var k0 = (int)Math.Floor(position);
        var k1 = (k0 + 1) % Wheel.Length;
        var f = position - k0;
        return new Rgb(Channel(Wheel[k0].R, Wheel[k1].R, f, radius), Channel(Wheel[k0].G, Wheel[k1].G, f, radius), Channel(Wheel[k0].B, Wheel[k1].B, f, radius));
    }

    private static byte Channel(double a, double b, double f, double radius)
    {
        var c = ((1 - f) * a) + (f * b);
        c = radius <= 1 ? 1 - (radius * (1 - c)) : c * 0.75;
        return (byte)Math.Clamp((int)Math.Round(255 * c), 0, 255);
    }

    private static (double, double, double)[] MakeWheel()
    {
        var colours = new List<(double, double, double)>();
        void Ramp(int steps, Func<double, (double, double, double)> colour)
        {
            for (var i = 0; i < steps; i++)
            {
                colours.Add(colour((double)i / steps));
            }
        }
        Ramp(15, t => (1, t, 0));       // red → yellow
        Ramp(6, t => (1 - t, 1, 0));    // yellow → green
        Ramp(4, t => (0, 1, t));        // green → cyan
        Ramp(11, t => (0, 1 - t, 1));   // cyan → blue
        Ramp(13, t => (t, 0, 1));       // blue → magenta
        Ramp(6, t => (1, 0, 1 - t));    // magenta → red
        return [.. colours];
    }
}
