namespace Edge.Runtime.Events;

/// <summary>
/// Turns an event stream into per-time-step input frames: per-pixel event counts in two
/// polarity channels, laid out [2, H, W] (channel 0 = OFF, channel 1 = ON, as tonic's ToFrame),
/// or in one channel [1, H, W] when <see cref="BinnerOptions.SplitPolarity"/> is off.
/// Bins close by time or by event count. Events outside the crop are dropped and counted.
/// </summary>
/// <remarks>
/// Downscaling sums blocks: sensor pixel x (after crop) lands in column ⌊x·W_out / W_crop⌋, so an
/// integer ratio (128 → 32) sums exact 4×4 blocks and a non-integer ratio sums blocks whose sizes
/// differ by at most one pixel. The frame buffer is allocated once; nothing allocates per event.
/// </remarks>
public sealed class EventBinner
{
    private readonly float[] _frame;
    private readonly int[] _columnOf;
    private readonly int[] _rowOf;
    private readonly int _planeSize;
    private readonly int _onPlaneOffset;
    private long _binEndUs;
    private int _eventsInBin;

    /// <summary>Creates a binner for a sensor.</summary>
    public EventBinner(SensorGeometry sensor, BinnerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.OutputWidth);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.OutputHeight);
        var crop = options.Crop ?? new PixelRect(0, 0, sensor.Width, sensor.Height);
        if (crop.X < 0 || crop.Y < 0 || crop.Width <= 0 || crop.Height <= 0 ||
            crop.X + crop.Width > sensor.Width || crop.Y + crop.Height > sensor.Height)
        {
            throw new ArgumentException($"crop {crop} does not fit the {sensor} sensor", nameof(options));
        }
        if (options.OutputWidth > crop.Width || options.OutputHeight > crop.Height)
        {
            throw new ArgumentException(
                $"output {options.OutputWidth}x{options.OutputHeight} is larger than the cropped sensor {crop.Width}x{crop.Height}",
                nameof(options));
        }
        if (options.Mode == BinMode.Time)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.BinDurationUs);
        }
        else
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.EventsPerBin);
        }

        Sensor = sensor;
        Options = options;
        Crop = crop;
        Width = options.OutputWidth;
        Height = options.OutputHeight;
        _planeSize = Width * Height;
        Channels = options.SplitPolarity ? 2 : 1;
        _onPlaneOffset = options.SplitPolarity ? _planeSize : 0;
        _frame = new float[Channels * _planeSize];

        // Lookup tables map sensor coordinates to frame cells (−1 = outside the crop).
        _columnOf = new int[sensor.Width];
        _rowOf = new int[sensor.Height];
        for (var x = 0; x < sensor.Width; x++)
        {
            var cx = x - crop.X;
            _columnOf[x] = cx >= 0 && cx < crop.Width ? (int)((long)cx * Width / crop.Width) : -1;
        }
        for (var y = 0; y < sensor.Height; y++)
        {
            var cy = y - crop.Y;
            _rowOf[y] = cy >= 0 && cy < crop.Height ? (int)((long)cy * Height / crop.Height) : -1;
        }
    }

    /// <summary>The sensor this binner reads.</summary>
    public SensorGeometry Sensor { get; }

    /// <summary>The configuration.</summary>
    public BinnerOptions Options { get; }

    /// <summary>The frame column sensor column <paramref name="x"/> lands in, or −1 outside the crop.</summary>
    public int ColumnOf(int x) => (uint)x < (uint)_columnOf.Length ? _columnOf[x] : -1;

    /// <summary>The frame row sensor row <paramref name="y"/> lands in, or −1 outside the crop.</summary>
    public int RowOf(int y) => (uint)y < (uint)_rowOf.Length ? _rowOf[y] : -1;

    /// <summary>The region of the sensor the frames show.</summary>
    public PixelRect Crop { get; }

    /// <summary>Frame width.</summary>
    public int Width { get; }

    /// <summary>Frame height.</summary>
    public int Height { get; }

    /// <summary>Channels per frame: 2 (OFF, ON) or 1 (polarity merged).</summary>
    public int Channels { get; }

    /// <summary>Floats per frame: Channels × Height × Width.</summary>
    public int FrameLength => _frame.Length;

    /// <summary>The current frame, [Channels, H, W] event counts.</summary>
    public ReadOnlySpan<float> Frame => _frame;

    /// <summary>Start of the current time bin (time mode).</summary>
    public long BinStartUs { get; private set; }

    /// <summary>End of the current time bin, exclusive (time mode).</summary>
    public long BinEndUs => _binEndUs;

    /// <summary>Events counted into the current bin.</summary>
    public int EventsInBin => _eventsInBin;

    /// <summary>Events dropped because they fell outside the crop or the sensor.</summary>
    public long EventsOutsideCrop { get; private set; }

    /// <summary>Clears the frame and starts the first bin at <paramref name="startUs"/>.</summary>
    public void Reset(long startUs)
    {
        Array.Clear(_frame);
        _eventsInBin = 0;
        BinStartUs = startUs;
        _binEndUs = startUs + Options.BinDurationUs;
    }

    /// <summary>Clears the frame and starts a bin with an explicit end (time mode).</summary>
    public void StartBin(long startUs, long endUs)
    {
        Array.Clear(_frame);
        _eventsInBin = 0;
        BinStartUs = startUs;
        _binEndUs = endUs;
    }

    /// <summary>Clears the frame and moves to the next bin of the same width.</summary>
    public void NextBin()
    {
        Array.Clear(_frame);
        _eventsInBin = 0;
        BinStartUs = _binEndUs;
        _binEndUs += Options.BinDurationUs;
    }

    /// <summary>
    /// Adds events to the current bin until it closes. Returns how many events were consumed;
    /// <paramref name="binComplete"/> is true when the bin closed (time mode: an event at or past
    /// the bin end was seen and left unconsumed; count mode: the bin holds its quota).
    /// </summary>
    public int Add(ReadOnlySpan<DvsEvent> events, out bool binComplete)
    {
        var consumed = Options.Mode == BinMode.Time
            ? AddUntil(events, _binEndUs)
            : AddCount(events, Options.EventsPerBin - _eventsInBin);
        binComplete = Options.Mode == BinMode.Time
            ? consumed < events.Length
            : _eventsInBin >= Options.EventsPerBin;
        return consumed;
    }

    /// <summary>Adds the leading events with t &lt; <paramref name="endUs"/>; returns how many.</summary>
    public int AddUntil(ReadOnlySpan<DvsEvent> events, long endUs)
    {
        var i = 0;
        for (; i < events.Length; i++)
        {
            ref readonly var e = ref events[i];
            if (e.T >= endUs)
            {
                break;
            }
            Accumulate(e);
        }
        return i;
    }

    /// <summary>
    /// Adds leading events until <paramref name="maxEvents"/> of them landed in the frame (events
    /// outside the crop are consumed but not counted); returns how many were consumed.
    /// </summary>
    public int AddCount(ReadOnlySpan<DvsEvent> events, int maxEvents)
    {
        var target = _eventsInBin + Math.Max(0, maxEvents);
        var i = 0;
        for (; i < events.Length && _eventsInBin < target; i++)
        {
            Accumulate(events[i]);
        }
        return i;
    }

    private void Accumulate(in DvsEvent e)
    {
        var col = e.X < _columnOf.Length ? _columnOf[e.X] : -1;
        var row = e.Y < _rowOf.Length ? _rowOf[e.Y] : -1;
        if ((col | row) < 0)
        {
            EventsOutsideCrop++;
            return;
        }
        _frame[(e.P != 0 ? _onPlaneOffset : 0) + (row * Width) + col] += 1f;
        _eventsInBin++;
    }
}
