namespace Edge.Sim.Scenes;

/// <summary>
/// N-MNIST's camera motion as the image sees it: three saccades tracing a closed triangle, repeated.
/// The image moves up-left, down-left, then right back to the start — the order read off the ON/OFF
/// centroids of a real N-MNIST recording (shared/data/samples/nmnist). Each saccade has a
/// bell-shaped velocity profile (smoothstep position: zero speed at both ends).
/// </summary>
public static class SaccadePath
{
    /// <summary>
    /// Offset of the image at <paramref name="timeUs"/>, in the units of <paramref name="amplitude"/>
    /// (the horizontal size of the triangle), relative to the triangle's centroid so the image stays
    /// centred on average.
    /// </summary>
    /// <param name="timeUs">Time since the first saccade started.</param>
    /// <param name="amplitude">Horizontal size of the triangle; the vertical size is half of it.</param>
    /// <param name="saccadeUs">Duration of one saccade in µs (at least 1).</param>
    public static (double X, double Y) Offset(long timeUs, double amplitude, long saccadeUs)
    {
        // Corners (image offsets): start (0, 0) → (−a/2, −a/2) → (−a, 0) → back to the start.
        var a = amplitude;
        var saccade = Math.Max(1, saccadeUs);
        var cycle = timeUs % (3 * saccade);
        var leg = (int)(cycle / saccade);
        var u = (double)(cycle % saccade) / saccade;
        var s = u * u * (3 - (2 * u));
        var (fromX, fromY, toX, toY) = leg switch
        {
            0 => (0.0, 0.0, -a / 2, -a / 2),
            1 => (-a / 2, -a / 2, -a, 0.0),
            _ => (-a, 0.0, 0.0, 0.0),
        };
        // The centroid of the corners is (−a/2, −a/6).
        return (fromX + ((toX - fromX) * s) + (a / 2), fromY + ((toY - fromY) * s) + (a / 6));
    }
}
