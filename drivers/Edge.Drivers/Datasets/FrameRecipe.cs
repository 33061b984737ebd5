namespace Edge.Drivers.Datasets;

/// <summary>How a sample's events are cut into frames.</summary>
public enum FrameSplit
{
    /// <summary>Bins of a fixed duration from the sample's first event; an incomplete last bin is dropped (tonic's ToFrame).</summary>
    Time,

    /// <summary>A fixed number of frames holding equal numbers of events, the last one the rest (spikingjelly's split by number).</summary>
    EventCount,
}

/// <summary>How a frame binned at the sensor's resolution becomes the network's input size.</summary>
public enum FrameResize
{
    /// <summary>The events are binned at the input size directly (the sensor has that size).</summary>
    None,

    /// <summary>torchvision's antialiased bilinear <c>Resize</c> of the count frame (float).</summary>
    Bilinear,

    /// <summary>
    /// torchvision's <c>ToPILImage</c> (×255 into a byte) then Pillow's 8-bit antialiased bilinear
    /// resize of the two-channel (L, A) image, then ÷255.
    /// </summary>
    PilBilinear8,
}

/// <summary>
/// The preprocessing of one split of a dataset: how samples are cut, binned, resized, augmented
/// and normalized into network input frames. The presets (<see cref="DatasetPreset"/>) hold the
/// official recipe of each dataset.
/// </summary>
public sealed record FrameRecipe
{
    /// <summary>Shape of one frame, the network input: [C, H, W], or [N] for a one-row sensor (SHD).</summary>
    public required IReadOnlyList<int> Shape { get; init; }

    /// <summary>How the events are cut into frames.</summary>
    public FrameSplit Split { get; init; } = FrameSplit.Time;

    /// <summary>Bin duration in µs (<see cref="FrameSplit.Time"/>).</summary>
    public long BinUs { get; init; }

    /// <summary>
    /// Frames per sample: the number of frames (<see cref="FrameSplit.EventCount"/>), or the number of
    /// time steps training feeds (<see cref="FrameSplit.Time"/>: shorter samples are padded with empty
    /// frames, as the official batches are padded, longer ones are cut).
    /// </summary>
    public required int Frames { get; init; }

    /// <summary>
    /// Cut every sample into windows of this many µs before framing (tonic's <c>SliceByTime</c>);
    /// null keeps whole samples.
    /// </summary>
    public long? SliceUs { get; init; }

    /// <summary>How frames reach the input size.</summary>
    public FrameResize Resize { get; init; } = FrameResize.None;

    /// <summary>
    /// Round resized frames to integers: tonic's frames are int16 and torchvision casts a resized
    /// integer image back to its type.
    /// </summary>
    public bool RoundResized { get; init; }

    /// <summary>
    /// Training augmentation: zero-pad by this many pixels and crop back at a random offset, the same
    /// for every frame of a sample (torchvision's <c>RandomCrop(size, padding)</c>); 0 for none.
    /// </summary>
    public int ShiftPadding { get; init; }

    /// <summary>Per-channel mean subtracted last (with <see cref="Std"/>); null for none.</summary>
    public IReadOnlyList<float>? Mean { get; init; }

    /// <summary>Per-channel standard deviation frames are divided by after the mean is subtracted.</summary>
    public IReadOnlyList<float>? Std { get; init; }

    /// <summary>Channels of a frame.</summary>
    public int Channels => Shape.Count == 3 ? Shape[0] : 1;

    /// <summary>Rows of a frame.</summary>
    public int Height => Shape.Count == 3 ? Shape[1] : 1;

    /// <summary>Columns of a frame.</summary>
    public int Width => Shape.Count == 3 ? Shape[2] : Shape[0];

    /// <summary>Floats per frame.</summary>
    public int FrameLength => Channels * Height * Width;

    /// <summary>The shape as text, e.g. <c>[2, 34, 34]</c>.</summary>
    public string ShapeText => "[" + string.Join(", ", Shape) + "]";

    /// <summary>
    /// The recipe with <paramref name="steps"/> frames per sample (a network's T): time bins are
    /// widened or narrowed so that the frames cover the same span (<see cref="Frames"/> ×
    /// <see cref="BinUs"/>, rounded down to whole µs); an event-count split makes that many frames.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="steps"/> is not positive.</exception>
    public FrameRecipe WithSteps(int steps)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(steps);
        if (steps == Frames)
        {
            return this;
        }
        return Split == FrameSplit.Time
            ? this with { Frames = steps, BinUs = Math.Max(1, BinUs * Frames / steps) }
            : this with { Frames = steps };
    }
}
