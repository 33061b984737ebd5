using Edge.Runtime.Events;
using Edge.Sim.Scenes;

namespace Edge.Sim.Sensor;

/// <summary>
/// A simulated event camera: renders a <see cref="IScene"/> frame by frame and turns the frames
/// into events with a <see cref="DvsPixelArray"/>. Pull-driven: the next frame is rendered only
/// when the consumer has read every event of the previous one, so it runs exactly as fast as its
/// reader. <see cref="StartRealTime"/> paces it to the wall clock instead.
/// </summary>
/// <remarks>
/// Frame k is rendered at start + k·interval µs (interval = round(10⁶ / frame rate)); frame 0
/// initialises the pixels, so a run of duration D delivers the events of [start, start + D).
/// One <see cref="Read"/> returns events of at most one frame interval. A scene that never
/// changes (and no noise) gives no event, so an endless run of it keeps rendering inside
/// <see cref="Read"/>: give such a run a duration. Nothing allocates after construction.
/// </remarks>
public sealed class SimulatedEventCamera : IEventSource
{
    private readonly float[] _frame;
    private readonly OpticalBlur? _blur;
    private IScene _scene;
    private long _startUs;
    private long _endUs;
    private long _nextFrameUs;
    private int _pendingIndex;
    private int _pendingCount;
    private bool _started;

    /// <summary>Creates the camera looking at <paramref name="scene"/>.</summary>
    public SimulatedEventCamera(IScene scene, CameraOptions options)
    {
        ArgumentNullException.ThrowIfNull(scene);
        ArgumentNullException.ThrowIfNull(options);
        if (!(options.FrameRateHz > 0) || options.FrameRateHz > 1e6)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.FrameRateHz, "frame rate must be in (0, 1 000 000] Hz");
        }
        var geometry = options.Geometry ?? scene.NativeGeometry ?? CameraOptions.DefaultGeometry;
        FrameIntervalUs = (int)Math.Max(1, Math.Round(1e6 / options.FrameRateHz));
        Pixels = new DvsPixelArray(geometry, options.Sensor, FrameIntervalUs, options.Seed, options.MaxEventsPerFrame);
        _frame = new float[geometry.Pixels];
        if (options.BlurSigmaPixels < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.BlurSigmaPixels, "blur sigma must not be negative");
        }
        _blur = options.BlurSigmaPixels > 0 ? new OpticalBlur(geometry, options.BlurSigmaPixels) : null;
        _scene = scene;
        Start(scene, 0, options.DurationUs ?? scene.DurationUs);
    }

    /// <inheritdoc />
    public SensorGeometry? Geometry => Pixels.Geometry;

    /// <summary>The pixel array (its mismatch, counters and memory).</summary>
    public DvsPixelArray Pixels { get; }

    /// <summary>Microseconds between two rendered frames.</summary>
    public int FrameIntervalUs { get; }

    /// <summary>Frames rendered since construction.</summary>
    public long FramesRendered { get; private set; }

    /// <summary>Events delivered since construction.</summary>
    public long EventsDelivered { get; private set; }

    /// <summary>Time of the last rendered frame (µs).</summary>
    public long TimeUs => Pixels.TimeUs;

    /// <summary>Bytes the camera allocated (pixel state, event buffers, frame).</summary>
    public long MemoryBytes => Pixels.MemoryBytes + (sizeof(float) * (long)_frame.Length * (_blur is null ? 1 : 2));

    /// <summary>
    /// Points the camera at <paramref name="scene"/> from <paramref name="startUs"/> on, for
    /// <paramref name="durationUs"/> (null = forever): the pixels restart on the scene's first frame
    /// (no events from the switch); their mismatch stays.
    /// </summary>
    public void Start(IScene scene, long startUs, long? durationUs)
    {
        ArgumentNullException.ThrowIfNull(scene);
        if (durationUs < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(durationUs), durationUs, "duration must not be negative");
        }
        _scene = scene;
        _startUs = startUs;
        _endUs = durationUs is { } d ? startUs + d : long.MaxValue;
        _pendingIndex = 0;
        _pendingCount = 0;
        _started = false;
    }

    /// <inheritdoc />
    public int Read(Span<DvsEvent> destination)
    {
        if (destination.IsEmpty)
        {
            return 0;
        }
        while (_pendingIndex == _pendingCount)
        {
            if (!RenderNextFrame())
            {
                return 0;
            }
        }
        var events = Pixels.LastEvents.Slice(_pendingIndex, Math.Min(destination.Length, _pendingCount - _pendingIndex));
        events.CopyTo(destination);
        _pendingIndex += events.Length;
        EventsDelivered += events.Length;
        return events.Length;
    }

    /// <summary>Renders and converts the next frame; false once the scene is over.</summary>
    private bool RenderNextFrame()
    {
        var geometry = Pixels.Geometry;
        if (!_started)
        {
            _scene.Render(0, geometry, _frame);
            _blur?.Apply(_frame);
            Pixels.Reset(_frame, _startUs);
            FramesRendered++;
            _started = true;
            _nextFrameUs = _startUs + FrameIntervalUs;
        }
        if (_nextFrameUs > _endUs)
        {
            return false;
        }
        _scene.Render(_nextFrameUs - _startUs, geometry, _frame);
        _blur?.Apply(_frame);
        _pendingCount = Pixels.Step(_frame, _nextFrameUs).Length;
        _pendingIndex = 0;
        FramesRendered++;
        _nextFrameUs += FrameIntervalUs;
        return true;
    }

    /// <summary>
    /// Runs <paramref name="camera"/> on its own thread, paced to the wall clock, into a ring of
    /// <paramref name="ringCapacity"/> events: a consumer that falls behind loses events, counted
    /// in the returned source's <see cref="IEventSourceHealth.Health"/>, as with a real camera.
    /// </summary>
    public static BackgroundEventSource StartRealTime(SimulatedEventCamera camera, int ringCapacity = 1 << 16)
    {
        ArgumentNullException.ThrowIfNull(camera);
        return new BackgroundEventSource(new WallClockPacer(camera, camera._startUs), ringCapacity);
    }

    /// <inheritdoc />
    public void Dispose()
    {
    }
}
