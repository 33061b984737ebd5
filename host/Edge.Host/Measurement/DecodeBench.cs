using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json.Serialization;
using Edge.Drivers.Formats;
using Edge.Drivers.Formats.Aedat4;
using Edge.Runtime.Events;

namespace Edge.Host.Measurement;

/// <summary>
/// Decode rows: million events per second that each file reader delivers on one core, from a file
/// in the page cache into a 8192-event buffer. Inputs are generated in a temporary folder with
/// Edge's own writers (the release bundle carries no recordings): a busy synthetic scene, about
/// eight events per microsecond, rows sorted within each microsecond as sensors read them out.
/// One untimed pass warms the JIT and the cache; the row reports the median of the timed passes.
/// </summary>
internal sealed class DecodeBench : IBenchKind
{
    private const int ReadEvents = 8192;

    private static readonly (EventFormat Format, Aedat4Compression Compression, SensorGeometry Geometry)[] Cases =
    [
        (EventFormat.Evt2, Aedat4Compression.None, new SensorGeometry(1280, 720)),
        (EventFormat.Evt3, Aedat4Compression.None, new SensorGeometry(1280, 720)),
        (EventFormat.Nmnist, Aedat4Compression.None, new SensorGeometry(34, 34)),
        (EventFormat.Aedat4, Aedat4Compression.Lz4, new SensorGeometry(640, 480)),
        (EventFormat.Aedat4, Aedat4Compression.Zstd, new SensorGeometry(640, 480)),
        (EventFormat.Aedat4, Aedat4Compression.None, new SensorGeometry(640, 480)),
        (EventFormat.Aedat3, Aedat4Compression.None, new SensorGeometry(346, 260)),
        (EventFormat.Aedat2, Aedat4Compression.None, new SensorGeometry(346, 260)),
        (EventFormat.Dat, Aedat4Compression.None, new SensorGeometry(304, 240)),
    ];

    public string Name => "decode";

    public void Run(BenchContext context)
    {
        var count = context.Quick ? 500_000 : 8_000_000;
        var passes = context.Quick ? 1 : 5;
        var folder = Directory.CreateTempSubdirectory("edge-decode-bench-");
        try
        {
            foreach (var (format, compression, geometry) in Cases)
            {
                var events = Scene(count, geometry, context.Seed);
                var path = Path.Combine(folder.FullName, $"{format.ToName()}-{compression}.bin".ToLowerInvariant());
                Write(path, format, compression, geometry, events);
                context.Emit(Measure(path, format, compression, events.Length, passes));
            }
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static DecodeBenchRow Measure(string path, EventFormat format, Aedat4Compression compression, int count, int passes)
    {
        var options = new EventFileOptions { Format = format };
        var buffer = new DvsEvent[ReadEvents];
        Pass(path, options, buffer);
        var seconds = new double[passes];
        var last = default(PassResult);
        for (var i = 0; i < passes; i++)
        {
            last = Pass(path, options, buffer);
            if (last.Events != count)
            {
                throw new InvalidOperationException($"{format.ToName()} decode returned {last.Events} of {count} events");
            }
            seconds[i] = last.Seconds;
        }
        Array.Sort(seconds);
        var median = seconds[passes / 2];
        return new DecodeBenchRow
        {
            Format = format.ToName(),
            Compression = format == EventFormat.Aedat4 ? compression.ToString().ToLowerInvariant() : null,
            Events = count,
            MevPerS = Math.Round(count / median / 1e6, 1),
            BytesPerEvent = Math.Round((double)new FileInfo(path).Length / count, 2),
            AllocBytesPerRead = last.Reads == 0 ? 0 : Math.Round((double)last.Allocated / last.Reads, 2),
            Reads = last.Reads,
            Passes = passes,
        };
    }

    private readonly record struct PassResult(long Events, long Reads, long Allocated, double Seconds);

    // Fully optimised from the start, so on-stack replacement never lands in the timed loop.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static PassResult Pass(string path, EventFileOptions options, DvsEvent[] buffer)
    {
        using var reader = EventFile.OpenRead(path, options);
        long events = 0;
        long reads = 0;
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var start = Stopwatch.GetTimestamp();
        int n;
        while ((n = reader.Read(buffer)) > 0)
        {
            events += n;
            reads++;
        }
        var elapsed = Stopwatch.GetElapsedTime(start).TotalSeconds;
        allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
        return new PassResult(events, reads, allocated, elapsed);
    }

    /// <summary>About eight events per µs at random pixels, ordered by row then column within each µs.</summary>
    private static DvsEvent[] Scene(int count, SensorGeometry geometry, int seed)
    {
        var random = new Random(seed);
        var events = new DvsEvent[count];
        var t = 0L;
        for (var i = 0; i < count;)
        {
            var burst = Math.Min(random.Next(17), count - i);
            for (var k = 0; k < burst; k++)
            {
                events[i + k] = new DvsEvent(t, (ushort)random.Next(geometry.Width), (ushort)random.Next(geometry.Height), (byte)random.Next(2));
            }
            events.AsSpan(i, burst).Sort(static (a, b) => a.Y != b.Y ? a.Y.CompareTo(b.Y) : a.X.CompareTo(b.X));
            i += burst;
            t++;
        }
        return events;
    }

    private static void Write(string path, EventFormat format, Aedat4Compression compression, SensorGeometry geometry, DvsEvent[] events)
    {
        using var stream = File.Create(path);
        using var writer = format == EventFormat.Aedat4
            ? new Aedat4Writer(stream, geometry, new Aedat4WriterOptions { Compression = compression }, leaveOpen: true)
            : EventFile.Create(stream, format, geometry, leaveOpen: true);
        writer.Write(events);
        writer.Complete();
    }
}

/// <summary>One decode row.</summary>
internal sealed record DecodeBenchRow : IBenchRow
{
    public string Kind => "decode";

    public required string Format { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Compression { get; init; }

    public long Events { get; init; }

    public double MevPerS { get; init; }

    public double BytesPerEvent { get; init; }

    public double AllocBytesPerRead { get; init; }

    public long Reads { get; init; }

    public int Passes { get; init; }

    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"decode {Format,-7}{(Compression is null ? "" : "+" + Compression),-6} {Events,10:N0} events  {MevPerS,7:0.0} Mev/s  {BytesPerEvent,5:0.00} B/event  {AllocBytesPerRead,4:0} B alloc/read");
}

