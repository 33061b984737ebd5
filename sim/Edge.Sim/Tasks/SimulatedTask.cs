using Edge.Runtime;
using Edge.Runtime.Events;
using Edge.Sim.Scenes;
using Edge.Sim.Sensor;

namespace Edge.Sim.Tasks;

/// <summary>
/// A labelled event stream made by the simulated camera: segment k shows one randomised stimulus
/// of class <see cref="Labels"/>[k] during [k·L, (k+1)·L) µs. Labels are balanced (or weighted) and
/// shuffled; labels, stimuli, mismatch and noise all follow from the seed. At each segment the
/// camera restarts on the new stimulus (its mismatch stays), so no event comes from the switch.
/// </summary>
/// <remarks>
/// Everything is allocated at construction; <see cref="MoveNext"/> and <see cref="Read"/> allocate
/// nothing. <see cref="StartRealTime"/> plays the same stream paced to the wall clock.
/// </remarks>
public sealed class SimulatedTask : ILabelledEventSource
{
    private const ulong CameraStream = 0xD1B54A32D192ED03UL;
    private const ulong DistractorStream = 0x8CB92BA72F3D8DD7UL;

    private readonly IStimulusSet _stimuli;
    private readonly int[] _classOf;
    private readonly string[] _classNames;
    private readonly int[] _labels;
    private readonly Rng _random;
    private readonly SimulatedEventCamera _camera;
    private readonly DistractorNoise? _distractors;
    private readonly DvsEvent[] _merge;
    private int _mergeIndex;
    private int _mergeCount;
    private bool _cameraDone;
    private int _index = -1;

    /// <summary>Generates a stream of <paramref name="task"/> (see also <see cref="TaskCatalog.Create"/>).</summary>
    /// <exception cref="ArgumentException">The options do not fit the task (unknown class, weights, rates).</exception>
    public SimulatedTask(TaskInfo task, TaskOptions options)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegative(options.Samples);
        if (options.DistractorRateHz < 0 || double.IsInfinity(options.DistractorRateHz) || double.IsNaN(options.DistractorRateHz))
        {
            throw new ArgumentException("distractor rate must be a finite number ≥ 0 Hz", nameof(options));
        }
        Task = task;
        SegmentUs = options.SegmentUs ?? task.DefaultSegmentUs;
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(SegmentUs);
        Geometry = options.Geometry ?? task.DefaultGeometry;
        _stimuli = task.CreateStimuli();
        (_classOf, _classNames) = SelectClasses(task, options.Classes);

        var weights = new double[_classOf.Length];
        if (options.ClassWeights is { } given)
        {
            if (given.Count != weights.Length)
            {
                throw new ArgumentException($"{given.Count} class weights given for {weights.Length} classes", nameof(options));
            }
            for (var c = 0; c < weights.Length; c++)
            {
                weights[c] = given[c];
            }
        }
        else
        {
            weights.AsSpan().Fill(1);
        }
        _random = new Rng(options.Seed);
        _labels = LabelSchedule.Create(options.Samples, weights, _random);

        // The camera starts on a placeholder; MoveNext points it at each segment's stimulus.
        _camera = new SimulatedEventCamera(new BlinkingLedScene(), new CameraOptions
        {
            Geometry = Geometry,
            FrameRateHz = options.FrameRateHz,
            Sensor = options.Sensor,
            Seed = options.Seed ^ CameraStream,
        });
        if (options.DistractorRateHz > 0)
        {
            _distractors = new DistractorNoise(Geometry, options.DistractorRateHz, options.Seed ^ DistractorStream);
        }
        _merge = _distractors is null ? [] : new DvsEvent[4096];
    }

    /// <summary>The task's catalog entry.</summary>
    public TaskInfo Task { get; }

    /// <inheritdoc />
    public SensorGeometry Geometry { get; }

    /// <inheritdoc />
    public int ClassCount => _classNames.Length;

    /// <inheritdoc />
    public IReadOnlyList<string> ClassNames => _classNames;

    /// <summary>Number of segments.</summary>
    public int SampleCount => _labels.Length;

    /// <summary>Length of a segment in µs.</summary>
    public long SegmentUs { get; }

    /// <summary>The label of every segment, in stream order.</summary>
    public ReadOnlySpan<int> Labels => _labels;

    /// <summary>
    /// The scene of the current segment (valid until the next <see cref="MoveNext"/>: scenes are
    /// reused), or null before the first; scene time 0 is the segment's start.
    /// </summary>
    public IScene? CurrentScene { get; private set; }

    /// <summary>The simulated camera (frames, events, memory).</summary>
    public SimulatedEventCamera Camera => _camera;

    /// <summary>Bytes allocated for the stream (camera, labels, merge buffer).</summary>
    public long MemoryBytes => _camera.MemoryBytes + (sizeof(int) * (long)_labels.Length) +
        ((long)System.Runtime.CompilerServices.Unsafe.SizeOf<DvsEvent>() * _merge.Length);

    /// <summary>Segment <paramref name="index"/> (label and time span), without moving to it.</summary>
    public Segment SegmentAt(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, _labels.Length);
        return new Segment(_labels[index], index * SegmentUs, (index + 1) * SegmentUs);
    }

    /// <inheritdoc />
    public bool MoveNext(out Segment segment)
    {
        if (_index + 1 >= _labels.Length)
        {
            _index = _labels.Length;
            segment = default;
            return false;
        }
        _index++;
        segment = SegmentAt(_index);
        var scene = _stimuli.Prepare(_classOf[segment.Label], _random);
        CurrentScene = scene;
        _camera.Start(scene, segment.StartUs, SegmentUs);
        _distractors?.Start(segment.StartUs, segment.EndUs);
        _mergeIndex = 0;
        _mergeCount = 0;
        _cameraDone = false;
        return true;
    }

    /// <inheritdoc />
    public int Read(Span<DvsEvent> destination)
    {
        if (_index < 0 || _index >= _labels.Length)
        {
            return 0;
        }
        if (_distractors is null)
        {
            return _camera.Read(destination);
        }
        // Merge the camera's events with the distractors, both in time order.
        var n = 0;
        while (n < destination.Length)
        {
            if (_mergeIndex == _mergeCount && !_cameraDone)
            {
                _mergeCount = _camera.Read(_merge);
                _mergeIndex = 0;
                _cameraDone = _mergeCount == 0;
            }
            var fromCamera = _mergeIndex < _mergeCount;
            var distractorUs = _distractors.NextUs;
            if (!fromCamera && distractorUs == long.MaxValue)
            {
                break;
            }
            destination[n++] = fromCamera && _merge[_mergeIndex].T <= distractorUs
                ? _merge[_mergeIndex++]
                : _distractors.Take();
        }
        return n;
    }

    /// <summary>
    /// Plays this task paced to the wall clock on its own thread, through a ring of
    /// <paramref name="ringCapacity"/> events: a consumer slower than real time loses events
    /// (counted). The returned source owns this task.
    /// </summary>
    public RealTimeTaskSource StartRealTime(int ringCapacity = 1 << 16) => new(this, ringCapacity);

    /// <inheritdoc />
    public void Dispose() => _camera.Dispose();

    private static (int[] ClassOf, string[] Names) SelectClasses(TaskInfo task, IReadOnlyList<string>? wanted)
    {
        if (wanted is null)
        {
            var all = new int[task.ClassNames.Count];
            var names = new string[all.Length];
            for (var c = 0; c < all.Length; c++)
            {
                all[c] = c;
                names[c] = task.ClassNames[c];
            }
            return (all, names);
        }
        if (wanted.Count == 0)
        {
            throw new ArgumentException("at least one class must be kept", nameof(wanted));
        }
        var classOf = new int[wanted.Count];
        var kept = new string[wanted.Count];
        for (var i = 0; i < wanted.Count; i++)
        {
            classOf[i] = -1;
            for (var c = 0; c < task.ClassNames.Count; c++)
            {
                if (task.ClassNames[c] == wanted[i])
                {
                    classOf[i] = c;
                }
            }
            if (classOf[i] < 0)
            {
                throw new ArgumentException(
                    $"task '{task.Name}' has no class '{wanted[i]}' (classes: {string.Join(", ", task.ClassNames)})", nameof(wanted));
            }
            if (Array.IndexOf(kept, wanted[i], 0, i) >= 0)
            {
                throw new ArgumentException($"class '{wanted[i]}' is listed twice", nameof(wanted));
            }
            kept[i] = wanted[i];
        }
        return (classOf, kept);
    }
}
