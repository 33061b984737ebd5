using Edge.Runtime.Learning.Flow;

namespace Edge.Runtime.Events;

/// <summary>
/// The frames of a flow source's segments (T equal time bins each, as <see cref="SegmentFramer"/>
/// cuts them) and, for the sample being learned, its <see cref="Target"/> and <see cref="Events"/>
/// at the frames' resolution: the true flow averaged over the sensor pixels of each frame pixel
/// and scaled to frame pixels, the events per frame pixel, and the segment's events (an unbiased
/// subsample of at most the buffer's capacity) in frame coordinates. The target and the events
/// are complete once the sample's frames have all been taken. Nothing allocates per sample. The
/// framer owns the source: disposing it disposes the source.
/// </summary>
public sealed class FlowFramer : IFrameSource, IFlowSample, IDisposable
{
    private readonly IFlowEventSource _source;
    private readonly Recorder _recorder;
    private readonly SegmentFramer _framer;
    private readonly EventBinner _binner;
    private readonly float[] _truth;
    private readonly int[] _truthCount;
    private readonly FlowTarget _target;
    private readonly FlowEvents _events;
    private long _sample;
    private long _targetOf = -1;
    private long _eventsOf = -1;

    /// <summary>Frames <paramref name="source"/> with <paramref name="binner"/> into <paramref name="steps"/> frames per segment.</summary>
    /// <param name="source">The segments and their truth.</param>
    /// <param name="binner">Crop, downscale and polarity channels of the frames (the flow map has the frames' height and width).</param>
    /// <param name="steps">T, frames per segment.</param>
    /// <param name="eventCapacity">Events kept per segment for the self-supervised loss.</param>
    /// <param name="seed">Seed of the subsample when a segment has more events than that.</param>
    public FlowFramer(IFlowEventSource source, EventBinner binner, int steps, int eventCapacity = 1 << 16, ulong seed = 1)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(binner);
        _source = source;
        _binner = binner;
        _recorder = new Recorder(source, eventCapacity, seed);
        _framer = new SegmentFramer(_recorder, binner, steps);
        _truth = new float[2 * source.Geometry.Pixels];
        _truthCount = new int[binner.Width * binner.Height];
        _target = new FlowTarget(binner.Height, binner.Width);
        _events = new FlowEvents(eventCapacity);
    }

    /// <summary>The source.</summary>
    public IFlowEventSource Source => _source;

    /// <inheritdoc />
    public int FrameLength => _framer.FrameLength;

    /// <inheritdoc />
    public Segment Current => _framer.Current;

    /// <inheritdoc />
    public long EventsInSample => _framer.EventsInSegment;

    /// <summary>Events of the current segment beyond the buffer's capacity, left out of <see cref="Events"/>.</summary>
    public long EventsNotKept => Math.Max(0, _recorder.Seen - _recorder.Capacity);

    /// <inheritdoc />
    public bool MoveNext()
    {
        Array.Clear(_target.Events);
        _sample++;
        return _framer.MoveNext();
    }

    /// <inheritdoc />
    public bool NextFrame(Span<float> destination)
    {
        if (!_framer.NextFrame(destination))
        {
            return false;
        }
        // Frames are [C, H, W]: every channel's counts go to the pixel.
        var plane = _target.Pixels;
        var counts = _target.Events;
        for (var c = 0; c < _binner.Channels; c++)
        {
            var frame = destination.Slice(c * plane, plane);
            for (var p = 0; p < plane; p++)
            {
                counts[p] += frame[p];
            }
        }
        return true;
    }

    /// <inheritdoc />
    public FlowTarget Target
    {
        get
        {
            if (_targetOf != _sample)
            {
                FillTarget();
                _targetOf = _sample;
            }
            return _target;
        }
    }

    /// <inheritdoc />
    public FlowEvents Events
    {
        get
        {
            if (_eventsOf != _sample)
            {
                FillEvents();
                _eventsOf = _sample;
            }
            return _events;
        }
    }

    /// <summary>Disposes the source.</summary>
    public void Dispose() => _recorder.Dispose();

    private void FillTarget()
    {
        var target = _target;
        target.HasTruth = _source.TrueFlow(_truth);
        if (target.HasTruth)
        {
            var sensor = _source.Geometry;
            var crop = _binner.Crop;
            double sx = (double)_binner.Width / crop.Width, sy = (double)_binner.Height / crop.Height;
            Array.Clear(target.Flow);
            Array.Clear(_truthCount);
            var plane = sensor.Pixels;
            for (var y = 0; y < sensor.Height; y++)
            {
                var row = _binner.RowOf(y);
                for (var x = 0; x < sensor.Width; x++)
                {
                    var column = _binner.ColumnOf(x);
                    float fx = _truth[(y * sensor.Width) + x], fy = _truth[plane + (y * sensor.Width) + x];
                    if ((row | column) < 0 || !float.IsFinite(fx) || !float.IsFinite(fy))
                    {
                        continue;
                    }
                    var p = (row * _binner.Width) + column;
                    target.Flow[2 * p] += (float)(fx * sx);
                    target.Flow[(2 * p) + 1] += (float)(fy * sy);
                    _truthCount[p]++;
                }
            }
            for (var p = 0; p < target.Pixels; p++)
            {
                var n = _truthCount[p];
                target.Flow[2 * p] = n == 0 ? float.NaN : target.Flow[2 * p] / n;
                target.Flow[(2 * p) + 1] = n == 0 ? float.NaN : target.Flow[(2 * p) + 1] / n;
            }
        }
        target.UpdateMask();
    }

    private void FillEvents()
    {
        _events.Clear();
        var crop = _binner.Crop;
        double sx = (double)_binner.Width / crop.Width, sy = (double)_binner.Height / crop.Height;
        var segment = Current;
        var duration = Math.Max(1.0, segment.DurationUs);
        foreach (var e in _recorder.Kept)
        {
            if (_binner.ColumnOf(e.X) < 0 || _binner.RowOf(e.Y) < 0)
            {
                continue;
            }
            var x = (((e.X - crop.X) + 0.5) * sx) - 0.5;
            var y = (((e.Y - crop.Y) + 0.5) * sy) - 0.5;
            _events.Add((float)x, (float)y, (float)Math.Clamp((e.T - segment.StartUs) / duration, 0, 1), e.P != 0);
        }
    }

    /// <summary>Passes the source's events through and keeps a uniform subsample of each segment's (reservoir sampling).</summary>
    private sealed class Recorder(IFlowEventSource source, int capacity, ulong seed) : ILabelledEventSource
    {
        private readonly DvsEvent[] _kept = new DvsEvent[capacity];
        private readonly Rng _random = new(seed);

        public int Capacity => _kept.Length;

        public long Seen { get; private set; }

        public ReadOnlySpan<DvsEvent> Kept => _kept.AsSpan(0, (int)Math.Min(Seen, _kept.Length));

        public SensorGeometry Geometry => source.Geometry;

        public int ClassCount => source.ClassCount;

        public IReadOnlyList<string> ClassNames => source.ClassNames;

        public bool MoveNext(out Segment segment)
        {
            Seen = 0;
            return source.MoveNext(out segment);
        }

        public int Read(Span<DvsEvent> destination)
        {
            var n = source.Read(destination);
            foreach (var e in destination[..n])
            {
                if (Seen < _kept.Length)
                {
                    _kept[Seen] = e;
                }
                else
                {
                    var slot = (long)(_random.NextUInt64() % (ulong)(Seen + 1));
                    if (slot < _kept.Length)
                    {
                        _kept[slot] = e;
                    }
                }
                Seen++;
            }
            return n;
        }

        public void Dispose() => source.Dispose();
    }
}
