using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Serialization;
using Edge.Runtime.Events;
using Edge.Sim.Scenes;
using Edge.Sim.Sensor;

namespace Edge.Host.Measurement;

/// <summary>
/// Sim rows: the simulated event camera (default preset, 1 kHz frames) on moving scenes at
/// 128×128 and 346×260, on one thread. The timed region renders every frame, runs the pixel model
/// and reads every event through <see cref="IEventSource.Read"/>; the first 200 ms of simulated
/// time warm the code up and are not timed. A realtime factor above 1 is faster than real time.
/// </summary>
internal sealed class SimBench : IBenchKind
{
    private const long WarmupUs = 200_000;
    private const double FrameRateHz = 1000;

    private static readonly (int Width, int Height)[] Sizes = [(128, 128), (346, 260)];
    private static readonly string[] Scenes = ["bar-right", "rotating-bar-cw"];

    public string Name => "sim";

    public void Run(BenchContext context)
    {
        foreach (var (width, height) in Sizes)
        {
            foreach (var scene in Scenes)
            {
                context.Emit(Measure(scene, new SensorGeometry(width, height), context));
            }
        }
    }

    private static SimBenchRow Measure(string sceneName, SensorGeometry geometry, BenchContext context)
    {
        var timedUs = context.Quick ? 250_000L : 2_000_000L;
        using var camera = new SimulatedEventCamera(SceneCatalog.Create(sceneName), new CameraOptions
        {
            Geometry = geometry,
            FrameRateHz = FrameRateHz,
            Sensor = SensorParameters.Default,
            Seed = (ulong)context.Seed,
            DurationUs = WarmupUs + timedUs,
        });
        var buffer = new DvsEvent[1 << 16];
        while (camera.TimeUs < WarmupUs && camera.Read(buffer) > 0)
        {
        }

        var framesBefore = camera.FramesRendered;
        var simulatedBefore = camera.TimeUs;
        long events = 0;
        int n;
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();
        while ((n = camera.Read(buffer)) > 0)
        {
            events += n;
        }
        var seconds = clock.Elapsed.TotalSeconds;
        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        var frames = camera.FramesRendered - framesBefore;
        var simulatedSeconds = (camera.TimeUs - simulatedBefore) * 1e-6;

        return new SimBenchRow
        {
            Scene = sceneName,
            Width = geometry.Width,
            Height = geometry.Height,
            Preset = "default",
            FrameRateHz = FrameRateHz,
            SimulatedS = simulatedSeconds,
            Events = events,
            Frames = frames,
            MevPerS = events / seconds / 1e6,
            FramesPerS = frames / seconds,
            RealtimeFactor = simulatedSeconds / seconds,
            AllocBytesPerFrame = frames > 0 ? allocated / frames : 0,
            MemoryBytes = camera.MemoryBytes,
            Threads = 1,
        };
    }
}

/// <summary>One sim row.</summary>
internal sealed record SimBenchRow : IBenchRow
{
    public string Kind => "sim";

    public required string Scene { get; init; }

    public int Width { get; init; }

    public int Height { get; init; }

    public required string Preset { get; init; }

    public double FrameRateHz { get; init; }

    public double SimulatedS { get; init; }

    public long Events { get; init; }

    public long Frames { get; init; }

    public double MevPerS { get; init; }

    public double FramesPerS { get; init; }

    public double RealtimeFactor { get; init; }

    public long AllocBytesPerFrame { get; init; }

    public long MemoryBytes { get; init; }

    public int Threads { get; init; }

    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"sim {Width}x{Height} {Scene,-16} {Preset} {FrameRateHz:0} Hz  {MevPerS,6:0.00} Mev/s  {FramesPerS,7:0} frames/s  {RealtimeFactor,6:0.0}x real time  alloc {AllocBytesPerFrame} B/frame  mem {MemoryBytes / 1048576.0:0.0} MiB");
}

