using Edge.Runtime;
using Edge.Runtime.Events;

namespace Edge.Drivers.Datasets;

/// <summary>
/// Turns the samples of an <see cref="EventDataset"/> into network input frames as a
/// <see cref="FrameRecipe"/> says: bins by time from each sample's first event (an incomplete last
/// bin is dropped, as tonic does) or a fixed number of frames by event count; resizes from the
/// sensor to the input size; optionally shifts each sample by a random offset (training
/// augmentation) and normalizes per channel. Frames are [C, H, W] in PyTorch order. Every buffer is
/// allocated here; <see cref="NextFrame"/> allocates nothing.
/// </summary>
public sealed class SampleFramer : IFrameSource
{
    private const int ChunkEvents = 4096;

    private readonly EventDataset _dataset;
    private readonly EventBinner _binner;
    private readonly BilinearResampler? _bilinear;
    private readonly PilBilinearResampler? _pil;
    private readonly float[]? _resized;
    private readonly float[]? _mean;
    private readonly float[]? _inverseStd;
    private readonly DvsEvent[] _events = new DvsEvent[ChunkEvents];
    private int _offset;
    private int _count;
    private bool _drained;
    private bool _done;
    private long _firstUs;
    private long _perFrame;
    private long _lastFrameEvents;
    private int _dx;
    private int _dy;

    /// <summary>Frames <paramref name="dataset"/> with <paramref name="recipe"/>.</summary>
    public SampleFramer(EventDataset dataset, FrameRecipe recipe)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(recipe);
        _dataset = dataset;
        Recipe = recipe;
        var sensor = dataset.Geometry;
        var split = recipe.Channels == 2;
        if (recipe.Channels is not (1 or 2))
        {
            throw new ArgumentException($"frames have 1 or 2 channels, the recipe asks for {recipe.Channels}", nameof(recipe));
        }
        var (binWidth, binHeight) = recipe.Resize == FrameResize.None ? (recipe.Width, recipe.Height) : (sensor.Width, sensor.Height);
        _binner = new EventBinner(sensor, new BinnerOptions { OutputWidth = binWidth, OutputHeight = binHeight, SplitPolarity = split });
        if (recipe.Resize != FrameResize.None)
        {
            _resized = new float[recipe.FrameLength];
            if (recipe.Resize == FrameResize.Bilinear)
            {
                _bilinear = new BilinearResampler(sensor.Width, sensor.Height, recipe.Width, recipe.Height, recipe.RoundResized);
            }
            else
            {
                if (!split)
                {
                    throw new ArgumentException("the Pillow path resizes two-channel (L, A) frames", nameof(recipe));
                }
                _pil = new PilBilinearResampler(sensor.Width, sensor.Height, recipe.Width, recipe.Height);
            }
        }
        if (recipe.Mean is { } mean && recipe.Std is { } std)
        {
            _mean = new float[recipe.Channels];
            _inverseStd = new float[recipe.Channels];
            for (var c = 0; c < recipe.Channels; c++)
            {
                _mean[c] = mean[c];
                _inverseStd[c] = 1f / std[c];
            }
        }
    }

    /// <summary>
    /// Draws the random shift of each sample when the recipe has one (training augmentation); null
    /// (the default) shifts nothing.
    /// </summary>
    public Rng? Augment { get; set; }

    /// <summary>The preprocessing.</summary>
    public FrameRecipe Recipe { get; }

    /// <summary>The dataset being framed.</summary>
    public EventDataset Dataset => _dataset;

    /// <summary>Floats per frame.</summary>
    public int FrameLength => Recipe.FrameLength;

    /// <summary>The current sample's segment.</summary>
    public Segment Current { get; private set; }

    /// <summary>Frames produced for the current sample so far.</summary>
    public int FramesInSample { get; private set; }

    /// <summary>Events of the current sample binned into frames so far.</summary>
    public long EventsInSample { get; private set; }

    /// <summary>The current sample's random shift (training augmentation): out[c, y, x] = in[c, y + dy, x + dx]; (0, 0) without one.</summary>
    public (int Dy, int Dx) CurrentShift => (_dy, _dx);

    /// <summary>Events dropped because they fell outside the sensor array the recipe bins.</summary>
    public long EventsOutsideSensor => _binner.EventsOutsideCrop;

    /// <summary>Moves to the next sample; false at the end of the dataset's order.</summary>
    public bool MoveNext()
    {
        if (!_dataset.MoveNext(out var segment))
        {
            return false;
        }
        Current = segment;
        FramesInSample = 0;
        EventsInSample = 0;
        _offset = 0;
        _count = 0;
        _drained = false;
        _done = false;
        if (Recipe.Split == FrameSplit.EventCount)
        {
            var events = (_dataset.CurrentExtent ?? _dataset.Measure()).Events;
            _perFrame = events / Recipe.Frames;
            _lastFrameEvents = events - (_perFrame * (Recipe.Frames - 1));
        }
        _dx = 0;
        _dy = 0;
        if (Augment is not null && Recipe.ShiftPadding > 0)
        {
            var pad = Recipe.ShiftPadding;
            _dy = Augment.NextInt((2 * pad) + 1) - pad;
            _dx = Augment.NextInt((2 * pad) + 1) - pad;
        }
        return true;
    }

    /// <summary>
    /// Writes the current sample's next frame ([C, H, W]) into <paramref name="destination"/>; false
    /// when the sample has no more frames. A time-binned sample yields every complete bin (at least
    /// one); an event-count sample yields exactly <see cref="FrameRecipe.Frames"/>.
    /// </summary>
    public bool NextFrame(Span<float> destination)
    {
        if (destination.Length < FrameLength)
        {
            throw new ArgumentException($"a frame needs {FrameLength} floats, the destination has {destination.Length}", nameof(destination));
        }
        var produced = Recipe.Split == FrameSplit.Time ? BinByTime() : BinByCount();
        if (!produced)
        {
            return false;
        }
        EventsInSample += _binner.EventsInBin;
        FramesInSample++;
        Finish(destination[..FrameLength]);
        return true;
    }

    private bool BinByTime()
    {
        if (_done)
        {
            return false;
        }
        if (FramesInSample == 0)
        {
            if (!Available())
            {
                // A sample without events still gives one (empty) frame.
                _binner.StartBin(0, 0);
                _done = true;
                return true;
            }
            _firstUs = _events[_offset].T;
        }
        var begin = _firstUs + (FramesInSample * Recipe.BinUs);
        var end = begin + Recipe.BinUs;
        _binner.StartBin(begin, end);
        var complete = false;
        while (Available())
        {
            var pending = _events.AsSpan(_offset, _count - _offset);
            var used = _binner.AddUntil(pending, end);
            _offset += used;
            if (used < pending.Length)
            {
                complete = true;
                break;
            }
        }
        if (complete)
        {
            return true;
        }
        // The events ran out inside this bin: tonic keeps it only when it is the sample's only bin.
        _done = true;
        return FramesInSample == 0;
    }

    private bool BinByCount()
    {
        if (FramesInSample >= Recipe.Frames)
        {
            return false;
        }
        var quota = FramesInSample == Recipe.Frames - 1 ? _lastFrameEvents : _perFrame;
        _binner.StartBin(0, 0);
        while (quota > 0 && Available())
        {
            var take = (int)Math.Min(quota, _count - _offset);
            _binner.AddUntil(_events.AsSpan(_offset, take), long.MaxValue);
            _offset += take;
            quota -= take;
        }
        return true;
    }

    /// <summary>True when an event of the current sample is buffered (refills the buffer as needed).</summary>
    private bool Available()
    {
        if (_offset < _count)
        {
            return true;
        }
        if (_drained)
        {
            return false;
        }
        _offset = 0;
        _count = _dataset.Read(_events);
        _drained = _count == 0;
        return _count > 0;
    }

    /// <summary>Resize, shift and normalize the binned frame into <paramref name="destination"/>.</summary>
    private void Finish(Span<float> destination)
    {
        ReadOnlySpan<float> frame = _binner.Frame;
        if (_bilinear is not null)
        {
            _bilinear.Resize(frame, _resized, Recipe.Channels);
            frame = _resized;
        }
        else if (_pil is not null)
        {
            _pil.Resize(frame, _resized);
            frame = _resized;
        }
        int channels = Recipe.Channels, height = Recipe.Height, width = Recipe.Width;
        if (_dx == 0 && _dy == 0)
        {
            frame.CopyTo(destination);
        }
        else
        {
            Shift(frame, destination, channels, height, width);
        }
        if (_mean is not null)
        {
            var plane = height * width;
            for (var c = 0; c < channels; c++)
            {
                var values = destination.Slice(c * plane, plane);
                for (var i = 0; i < values.Length; i++)
                {
                    values[i] = (values[i] - _mean[c]) * _inverseStd![c];
                }
            }
        }
    }

    /// <summary>out[c, y, x] = in[c, y + dy, x + dx], zero outside (a padded random crop).</summary>
    private void Shift(ReadOnlySpan<float> source, Span<float> destination, int channels, int height, int width)
    {
        destination.Clear();
        var plane = height * width;
        var x0 = Math.Max(0, -_dx);
        var x1 = Math.Min(width, width - _dx);
        if (x1 <= x0)
        {
            return;
        }
        for (var c = 0; c < channels; c++)
        {
            for (var y = Math.Max(0, -_dy); y < Math.Min(height, height - _dy); y++)
            {
                source.Slice((c * plane) + ((y + _dy) * width) + x0 + _dx, x1 - x0)
                    .CopyTo(destination.Slice((c * plane) + (y * width) + x0, x1 - x0));
            }
        }
    }
}
