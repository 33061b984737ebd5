using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Edge.Runtime;
using Edge.Runtime.Events;

namespace Edge.Sim.Sensor;

/// <summary>
/// The pixels of a simulated DVS: per-pixel log-intensity state turned into events frame by frame
/// (v2e's model with ESIM-style sub-frame timing, event-io.md §12). Feed it intensity frames
/// (0..255) at increasing times; each <see cref="Step"/> returns the events of the interval since
/// the previous frame, sorted by time, in integer microseconds.
/// </summary>
/// <remarks>
/// <para>Per pixel and frame: lin-log intensity L (linear below 20, ln above); first-order
/// photoreceptor low-pass whose bandwidth grows with intensity; a memorised level L_ref that leaks
/// down at the pixel's leak rate; an ON event for every ON threshold C_on[i] that L_lp − L_ref
/// crosses (OFF likewise with C_off[i]), timed by linear interpolation inside the frame interval;
/// v2e shot noise; a refractory period after each event (a crossing that falls inside it stays
/// pending and is retried at the next frame, as in v2e).</para>
/// <para>Two deliberate departures from v2e, both from users' complaints about it: shot-noise
/// events get a uniform random time inside the frame instead of the frame time (no clumping), and
/// the leak jitter is drawn once per leak period (at each ON event) rather than every frame, where
/// it would average out over the ~1000 frames of a period; leak phases start uniformly random.</para>
/// <para>Every buffer is sized at construction from the geometry; <see cref="Step"/> allocates
/// nothing. The readout takes at most <see cref="MaxEventsPerFrame"/> events per frame: crossings
/// beyond it stay pending for the next frame (counted in <see cref="SaturatedFrames"/>).</para>
/// </remarks>
public sealed class DvsPixelArray
{
    /// <summary>Intensity below which v2e's lin-log curve is linear.</summary>
    private const double LinearBelow = 20;

    /// <summary>v2e's photoreceptor model: bandwidth ∝ (I + 20) / 275.</summary>
    private const double IntensityOffset = 20;
    private const double IntensityScale = 275;

    /// <summary>v2e's shot-noise intensity factor 1 − 0.75·(I + 20)/275, at its largest (I = 0).</summary>
    private const double MaxShotFactor = 1 - (0.75 * IntensityOffset / IntensityScale);

    private static readonly double LinearSlope = Math.Log(LinearBelow) / LinearBelow;

    private readonly SensorParameters _parameters;
    private readonly Rng _rng;
    private readonly int _pixels;
    private readonly int _maxIntervalUs;

    private readonly double[] _intensity;
    private readonly double[] _logIntensity;
    private readonly double[] _logLowPass;
    private readonly double[] _reference;
    private readonly double[] _onThreshold;
    private readonly double[] _offThreshold;
    private readonly double[] _leakMultiplier;
    private readonly double[] _leakRate;
    private readonly long[] _lastEventUs;

    private readonly FrameReadout _readout;

    private readonly double _shotBound;
    private long _previousUs;
    private bool _initialized;

    /// <summary>Creates the pixel array and draws its fixed-pattern mismatch from <paramref name="seed"/>.</summary>
    /// <param name="geometry">Pixel array size.</param>
    /// <param name="parameters">Pixel model.</param>
    /// <param name="maxFrameIntervalUs">Longest interval between two frames that <see cref="Step"/> accepts.</param>
    /// <param name="seed">Seed of the array's own random generator (mismatch, noise, leak phases).</param>
    /// <param name="maxEventsPerFrame">Readout capacity per frame; default 4 events per pixel.</param>
    public DvsPixelArray(SensorGeometry geometry, SensorParameters parameters, int maxFrameIntervalUs, ulong seed, int maxEventsPerFrame = 0)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        parameters.Validate();
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxFrameIntervalUs);
        ArgumentOutOfRangeException.ThrowIfNegative(maxEventsPerFrame);

        Geometry = geometry;
        _parameters = parameters;
        _rng = new Rng(seed);
        _pixels = geometry.Pixels;
        _maxIntervalUs = maxFrameIntervalUs;

        _intensity = new double[_pixels];
        _logIntensity = new double[_pixels];
        _logLowPass = new double[_pixels];
        _reference = new double[_pixels];
        _onThreshold = new double[_pixels];
        _offThreshold = new double[_pixels];
        _leakMultiplier = new double[_pixels];
        _leakRate = new double[_pixels];
        _lastEventUs = new long[_pixels];
        _readout = new FrameReadout(maxEventsPerFrame > 0 ? maxEventsPerFrame : 4 * _pixels, maxFrameIntervalUs, geometry.Width);

        var minOn = double.MaxValue;
        var minOff = double.MaxValue;
        for (var i = 0; i < _pixels; i++)
        {
            _onThreshold[i] = Math.Max(0.01, parameters.OnThreshold + (parameters.ThresholdSigma * _rng.NextNormal()));
            _offThreshold[i] = Math.Max(0.01, parameters.OffThreshold + (parameters.ThresholdSigma * _rng.NextNormal()));
            _leakMultiplier[i] = Math.Pow(10, parameters.NoiseRateCovDecades * _rng.NextNormal());
            minOn = Math.Min(minOn, _onThreshold[i]);
            minOff = Math.Min(minOff, _offThreshold[i]);
        }

        // Shot noise is drawn by thinning: candidate pixels come at the largest per-pixel
        // probability (darkest intensity, lowest thresholds) and are kept with the true one.
        _shotBound = parameters.ShotNoiseRateHz / 2 * MaxShotFactor *
            ((parameters.OnThreshold / minOn) + (parameters.OffThreshold / minOff));

        MemoryBytes = (9L * sizeof(double) * _pixels) + _readout.MemoryBytes;
    }

    /// <summary>Pixel array size.</summary>
    public SensorGeometry Geometry { get; }

    /// <summary>The pixel model.</summary>
    public SensorParameters Parameters => _parameters;

    /// <summary>Readout capacity: the most events one frame interval can deliver.</summary>
    public int MaxEventsPerFrame => _readout.Capacity;

    /// <summary>Frames whose crossings exceeded the readout capacity (the excess was delivered later).</summary>
    public long SaturatedFrames { get; private set; }

    /// <summary>Bytes of every buffer the array allocated.</summary>
    public long MemoryBytes { get; }

    /// <summary>Per-pixel ON thresholds C_on[i] (row-major), drawn once: the fixed-pattern mismatch.</summary>
    public ReadOnlySpan<double> OnThresholds => _onThreshold;

    /// <summary>Per-pixel OFF thresholds C_off[i] (row-major).</summary>
    public ReadOnlySpan<double> OffThresholds => _offThreshold;

    /// <summary>Time of the last frame, in microseconds.</summary>
    public long TimeUs => _previousUs;

    /// <summary>The events returned by the last <see cref="Step"/>.</summary>
    public ReadOnlySpan<DvsEvent> LastEvents => _readout.Events;

    /// <summary>
    /// Starts (or restarts) the array on <paramref name="frame"/> at <paramref name="timeUs"/>: every
    /// pixel memorises its current level and no event is emitted. The mismatch is kept; leak phases
    /// are drawn anew.
    /// </summary>
    public void Reset(ReadOnlySpan<float> frame, long timeUs)
    {
        CheckFrame(frame);
        var leak = _parameters.LeakRateHz > 0;
        for (var i = 0; i < _pixels; i++)
        {
            var intensity = Clamp(frame[i]);
            var level = LinLog(intensity);
            _intensity[i] = intensity;
            _logIntensity[i] = level;
            _logLowPass[i] = level;
            _reference[i] = leak ? level - (_rng.NextDouble() * _onThreshold[i]) : level;
            _lastEventUs[i] = long.MinValue / 2;
            DrawLeakRate(i);
        }
        _previousUs = timeUs;
        _readout.Begin();
        _initialized = true;
    }

    /// <summary>
    /// Advances to <paramref name="timeUs"/> with the intensity <paramref name="frame"/> and returns
    /// the events of [previous frame time, <paramref name="timeUs"/>), sorted by time: a crossing at
    /// continuous time τ is stamped ⌊τ⌋ µs, like a sensor's timestamp counter. The span stays valid
    /// until the next call.
    /// </summary>
    /// <exception cref="InvalidOperationException"><see cref="Reset"/> was not called first.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The interval is not in 1 … max frame interval µs.</exception>
    public ReadOnlySpan<DvsEvent> Step(ReadOnlySpan<float> frame, long timeUs)
    {
        CheckFrame(frame);
        if (!_initialized)
        {
            throw new InvalidOperationException("Reset the pixel array on a first frame before stepping it.");
        }
        var intervalUs = timeUs - _previousUs;
        if (intervalUs < 1 || intervalUs > _maxIntervalUs)
        {
            throw new ArgumentOutOfRangeException(nameof(timeUs), timeUs,
                $"frame interval must be 1 … {_maxIntervalUs} µs after the previous frame at {_previousUs} µs");
        }

        _readout.Begin();
        var dtUs = (int)intervalUs;
        UpdatePixels(frame, dtUs);
        if (_shotBound > 0)
        {
            AddShotNoise(frame, dtUs);
        }
        if (_readout.Saturated)
        {
            SaturatedFrames++;
        }
        var events = _readout.Sort(_previousUs, dtUs);
        _previousUs = timeUs;
        return events;
    }

    private void UpdatePixels(ReadOnlySpan<float> frame, int dtUs)
    {
        var dt = dtUs * 1e-6;
        // eps = min(1, (I + 20)·gain); an infinite gain makes eps 1 (no low-pass).
        var gain = _parameters.CutoffHz > 0
            ? dt * 2 * Math.PI * _parameters.CutoffHz / IntensityScale
            : double.PositiveInfinity;
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            ref var frameRef = ref MemoryMarshal.GetReference(frame);
            var lanes = Vector<float>.Count;
            for (; i <= _pixels - lanes; i += lanes)
            {
                var intensity = Vector.Min(Vector.Max(Vector.LoadUnsafe(ref frameRef, (nuint)i), Vector<float>.Zero), new Vector<float>(255f));
                Vector.Widen(intensity, out var low, out var high);
                UpdateLanes(i, low, gain, dt, dtUs);
                UpdateLanes(i + Vector<double>.Count, high, gain, dt, dtUs);
            }
        }
        for (; i < _pixels; i++)
        {
            var intensity = Clamp(frame[i]);
            if (intensity != _intensity[i])
            {
                _intensity[i] = intensity;
                _logIntensity[i] = LinLog(intensity);
            }
            var before = _logLowPass[i];
            var eps = Math.Min(1, (intensity + IntensityOffset) * gain);
            var after = before + (eps * (_logIntensity[i] - before));
            var leak = _leakRate[i] * dt;
            var diffBefore = before - _reference[i];
            var reference = _reference[i] - leak;
            _logLowPass[i] = after;
            _reference[i] = reference;
            var diffAfter = after - reference;
            if (diffAfter >= _onThreshold[i] || -diffAfter >= _offThreshold[i])
            {
                EmitCrossings(i, diffBefore, diffAfter, dtUs);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void UpdateLanes(int i, Vector<double> intensity, double gain, double dt, int dtUs)
    {
        ref var lowPassRef = ref MemoryMarshal.GetArrayDataReference(_logLowPass);
        ref var referenceRef = ref MemoryMarshal.GetArrayDataReference(_reference);
        var offset = (nuint)i;

        // Most pixels see the same intensity as in the previous frame: reuse their logarithm.
        ref var logRef = ref MemoryMarshal.GetArrayDataReference(_logIntensity);
        Vector<double> level;
        if (Vector.EqualsAll(intensity, Vector.LoadUnsafe(ref MemoryMarshal.GetArrayDataReference(_intensity), offset)))
        {
            level = Vector.LoadUnsafe(ref logRef, offset);
        }
        else
        {
            level = LinLog(intensity);
            level.StoreUnsafe(ref logRef, offset);
            intensity.StoreUnsafe(ref MemoryMarshal.GetArrayDataReference(_intensity), offset);
        }

        var before = Vector.LoadUnsafe(ref lowPassRef, offset);
        var eps = Vector.Min(Vector<double>.One, (intensity + new Vector<double>(IntensityOffset)) * new Vector<double>(gain));
        var after = before + (eps * (level - before));
        var oldReference = Vector.LoadUnsafe(ref referenceRef, offset);
        var reference = oldReference - (Vector.LoadUnsafe(ref MemoryMarshal.GetArrayDataReference(_leakRate), offset) * new Vector<double>(dt));
        after.StoreUnsafe(ref lowPassRef, offset);
        reference.StoreUnsafe(ref referenceRef, offset);

        var diffAfter = after - reference;
        var crossing = Vector.GreaterThanOrEqual(diffAfter, Vector.LoadUnsafe(ref MemoryMarshal.GetArrayDataReference(_onThreshold), offset)) |
            Vector.GreaterThanOrEqual(-diffAfter, Vector.LoadUnsafe(ref MemoryMarshal.GetArrayDataReference(_offThreshold), offset));
        if (crossing == Vector<long>.Zero)
        {
            return;
        }
        var diffBefore = before - oldReference;
        for (var lane = 0; lane < Vector<double>.Count; lane++)
        {
            if (crossing[lane] != 0)
            {
                EmitCrossings(i + lane, diffBefore[lane], diffAfter[lane], dtUs);
            }
        }
    }

    /// <summary>
    /// Emits the threshold crossings of pixel <paramref name="i"/>, whose L_lp − L_ref went from
    /// <paramref name="diffBefore"/> (previous frame, reference before this frame's leak) to
    /// <paramref name="diffAfter"/> (this frame) — both linear in time inside the interval.
    /// </summary>
    private void EmitCrossings(int i, double diffBefore, double diffAfter, int dtUs)
    {
        var reference = _reference[i];
        var last = _lastEventUs[i];
        var refractory = _parameters.RefractoryUs;
        var slope = diffAfter - diffBefore;
        var polarity = diffAfter > 0 ? 1 : 0;
        var threshold = polarity == 1 ? _onThreshold[i] : _offThreshold[i];
        var sign = polarity == 1 ? 1.0 : -1.0;
        // The k-th crossing is where the linear diff reaches ±k·C (the reference has moved k−1 times).
        var crossed = 0.0;
        var remaining = sign * diffAfter;
        while (remaining >= threshold)
        {
            crossed += threshold;
            var fraction = slope != 0 ? ((sign * crossed) - diffBefore) / slope : 1.0;
            var offset = Math.Min(dtUs - 1, (int)(Math.Clamp(fraction, 0, 1) * dtUs));
            var t = _previousUs + offset;
            if (t - last < refractory || !_readout.TryStage(i, polarity, offset))
            {
                break; // still pending: retried at the next frame (v2e)
            }
            last = t;
            reference += sign * threshold;
            remaining -= threshold;
            if (polarity == 1)
            {
                DrawLeakRate(i);
            }
        }
        _reference[i] = reference;
        _lastEventUs[i] = last;
    }

    /// <summary>
    /// v2e shot noise: per pixel and frame, ON with probability f·θ_on/C_on[i] and OFF with
    /// f·θ_off/C_off[i], f = (rate/2)·dt·(1 − 0.75·(I + 20)/275). Candidates are visited by
    /// geometric skips at the largest such probability and kept with the pixel's own (thinning),
    /// so the cost follows the noise rate instead of the pixel count.
    /// </summary>
    private void AddShotNoise(ReadOnlySpan<float> frame, int dtUs)
    {
        var dt = dtUs * 1e-6;
        var bound = Math.Min(1, _shotBound * dt);
        var logMiss = Math.Log(1 - bound);
        var halfRateDt = _parameters.ShotNoiseRateHz / 2 * dt;
        for (var i = Skip(logMiss); i < _pixels; i += 1 + Skip(logMiss))
        {
            var factor = 1 - (0.75 * (Clamp(frame[i]) + IntensityOffset) / IntensityScale);
            var on = halfRateDt * factor * _parameters.OnThreshold / _onThreshold[i];
            var off = halfRateDt * factor * _parameters.OffThreshold / _offThreshold[i];
            var u = _rng.NextDouble() * bound;
            if (u < on + off)
            {
                var offset = _rng.NextInt(dtUs);
                var t = _previousUs + offset;
                if (t - _lastEventUs[i] >= _parameters.RefractoryUs && _readout.TryStage(i, u < on ? 1 : 0, offset))
                {
                    _lastEventUs[i] = t;
                    _reference[i] = _logLowPass[i];
                }
            }
        }
    }

    /// <summary>Pixels to skip before the next shot-noise candidate (geometric, log of the miss probability given).</summary>
    private int Skip(double logMiss)
    {
        if (double.IsNegativeInfinity(logMiss))
        {
            return 0;
        }
        var skip = Math.Floor(Math.Log(1 - _rng.NextDouble()) / logMiss);
        return skip < _pixels ? (int)skip : _pixels;
    }

    /// <summary>Leak rate of pixel i in log units per second: rate·multiplier·(1 − jitter·N(0,1))·C_on.</summary>
    private void DrawLeakRate(int i)
    {
        var p = _parameters;
        if (p.LeakRateHz <= 0)
        {
            return;
        }
        var jitter = p.LeakJitterFraction > 0 ? Math.Max(0, 1 - (p.LeakJitterFraction * _rng.NextNormal())) : 1;
        _leakRate[i] = p.LeakRateHz * _leakMultiplier[i] * jitter * _onThreshold[i];
    }

    private void CheckFrame(ReadOnlySpan<float> frame)
    {
        if (frame.Length != _pixels)
        {
            throw new ArgumentException($"frame holds {frame.Length} values, the {Geometry} array needs {_pixels}", nameof(frame));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double Clamp(float intensity) => Math.Clamp(intensity, 0f, 255f);

    /// <summary>v2e lin-log: I·ln(20)/20 up to 20, ln(I) above (continuous at 20).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static double LinLog(double intensity) =>
        intensity <= LinearBelow ? intensity * LinearSlope : Math.Log(intensity);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<double> LinLog(Vector<double> intensity)
    {
        var linear = Vector.LessThanOrEqual(intensity, new Vector<double>(LinearBelow));
        var log = Vector.Log(Vector.Max(intensity, new Vector<double>(LinearBelow)));
        return Vector.ConditionalSelect(linear, intensity * new Vector<double>(LinearSlope), log);
    }
}
