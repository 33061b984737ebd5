namespace Edge.Runtime.Learning.Flow;

/// <summary>
/// What a sample of a flow task is judged and learned against, at the resolution of the network's
/// flow map: the true flow (where known), the events each pixel received, and the mask of pixels
/// that count — a pixel with at least one event and a valid truth (finite, not zero), as MVSEC's
/// evaluation masks. Buffers are allocated once and refilled for every sample.
/// </summary>
public sealed class FlowTarget
{
    /// <summary>An empty target for a <paramref name="height"/> × <paramref name="width"/> flow map.</summary>
    public FlowTarget(int height, int width)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        Height = height;
        Width = width;
        Flow = new float[2 * height * width];
        Events = new float[height * width];
        Mask = new float[height * width];
    }

    /// <summary>Rows of the flow map.</summary>
    public int Height { get; }

    /// <summary>Columns of the flow map.</summary>
    public int Width { get; }

    /// <summary>Pixels of the flow map.</summary>
    public int Pixels => Height * Width;

    /// <summary>
    /// The true flow, [H, W, 2] channels-last (the network's output layout): x then y displacement
    /// in flow-map pixels over the sample; NaN where unknown. Meaningless when <see cref="HasTruth"/> is false.
    /// </summary>
    public float[] Flow { get; }

    /// <summary>Events each pixel received during the sample, [H, W].</summary>
    public float[] Events { get; }

    /// <summary>1 where the pixel counts (events and a valid truth), else 0, [H, W] (see <see cref="UpdateMask"/>).</summary>
    public float[] Mask { get; }

    /// <summary>True when the sample came with a true flow map.</summary>
    public bool HasTruth { get; set; }

    /// <summary>Pixels whose <see cref="Mask"/> is 1.</summary>
    public int MaskedPixels { get; private set; }

    /// <summary>Recomputes <see cref="Mask"/> and <see cref="MaskedPixels"/> from the truth and the events.</summary>
    public void UpdateMask()
    {
        var count = 0;
        for (var p = 0; p < Pixels; p++)
        {
            float fx = Flow[2 * p], fy = Flow[(2 * p) + 1];
            var valid = HasTruth && Events[p] > 0f && float.IsFinite(fx) && float.IsFinite(fy) && (fx != 0f || fy != 0f);
            Mask[p] = valid ? 1f : 0f;
            count += valid ? 1 : 0;
        }
        MaskedPixels = count;
    }
}
