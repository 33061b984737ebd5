using System.Runtime.CompilerServices;
using Edge.Drivers.Formats;
using Edge.Drivers.Formats.Aedat4;
using Edge.Drivers.Tests.Support;
using Edge.Runtime.Events;

namespace Edge.Drivers.Tests.Memory;

/// <summary>Allocation counts are measured alone: no other test's garbage collections in between.</summary>
[CollectionDefinition(nameof(AllocationMeasurements), DisableParallelization = true)]
public sealed class AllocationMeasurements;

/// <summary>Readers and writers allocate their buffers once; a Read or Write call allocates nothing.</summary>
[Collection(nameof(AllocationMeasurements))]
public sealed class ZeroAllocationTests
{
    private static readonly SensorGeometry Geometry = new(640, 480);

    // Now and then the runtime retires the thread's 8 KB allocation context mid-measurement and the
    // counter jumps by that much; code that allocates per call shows it on every attempt.
    private const int Attempts = 3;

    public static TheoryData<string, Aedat4Compression> Formats() => new()
    {
        { "evt2", Aedat4Compression.None },
        { "evt3", Aedat4Compression.None },
        { "nmnist", Aedat4Compression.None },
        { "dat", Aedat4Compression.None },
        { "aedat2", Aedat4Compression.None },
        { "aedat3", Aedat4Compression.None },
        { "aedat4", Aedat4Compression.None },
        { "aedat4", Aedat4Compression.Lz4 },
        { "aedat4", Aedat4Compression.Zstd },
    };

    [Theory]
    [MemberData(nameof(Formats))]
    public void Read_calls_allocate_nothing(string formatName, Aedat4Compression compression)
    {
        Assert.True(EventFormatNames.TryParse(formatName, out var format));
        var path = WriteFile(format, compression, out var count);
        try
        {
            var buffer = new DvsEvent[61];
            using (var warmup = EventFile.OpenRead(path))
            {
                long ignored = 0;
                AllocatedWhileReading(warmup, buffer, ref ignored, out _);
            }
            var fewest = long.MaxValue;
            for (var attempt = 0; attempt < Attempts && fewest > 0; attempt++)
            {
                using var reader = EventFile.OpenRead(path);
                long total = reader.Read(buffer) + reader.Read(buffer);
                fewest = Math.Min(fewest, AllocatedWhileReading(reader, buffer, ref total, out var calls));
                Assert.Equal(count, total);
                Assert.True(calls > 2000, $"only {calls} calls measured");
            }
            Assert.Equal(0, fewest);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void Write_calls_allocate_nothing(string formatName, Aedat4Compression compression)
    {
        Assert.True(EventFormatNames.TryParse(formatName, out var format));
        var geometry = format == EventFormat.Nmnist ? new SensorGeometry(34, 34) : Geometry;
        var events = Synthetic.Events(200_000, geometry, 0, 3);
        // A first writer runs every path once: class constructors and first-call JIT work allocate
        // on this thread, but only once per process, not per call.
        using (var warmup = Create(format, compression, geometry, Stream.Null))
        {
            AllocatedWhileWriting(warmup, events);
        }
        var fewest = long.MaxValue;
        for (var attempt = 0; attempt < Attempts && fewest > 0; attempt++)
        {
            using var writer = Create(format, compression, geometry, Stream.Null);
            writer.Write(events.AsSpan(0, 100));
            fewest = Math.Min(fewest, AllocatedWhileWriting(writer, events.AsSpan(100)));
        }
        Assert.Equal(0, fewest);
    }

    // Fully optimised from the start: no on-stack replacement of the loop, whose transition the
    // runtime would count as this thread's allocation.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static long AllocatedWhileReading(EventFileReader reader, DvsEvent[] buffer, ref long total, out int calls)
    {
        calls = 0;
        var before = GC.GetAllocatedBytesForCurrentThread();
        int n;
        while ((n = reader.Read(buffer)) > 0)
        {
            total += n;
            calls++;
        }
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static long AllocatedWhileWriting(EventFileWriter writer, ReadOnlySpan<DvsEvent> events)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var at = 0; at < events.Length; at += 50)
        {
            writer.Write(events.Slice(at, Math.Min(50, events.Length - at)));
        }
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    private static string WriteFile(EventFormat format, Aedat4Compression compression, out int count)
    {
        var geometry = format == EventFormat.Nmnist ? new SensorGeometry(34, 34) : Geometry;
        var events = Synthetic.Events(300_000, geometry, 0, 3);
        count = events.Length;
        var path = Path.Combine(Path.GetTempPath(), $"edge-alloc-{Guid.NewGuid():N}{Path.GetExtension(Synthetic.NameFor(format))}");
        using (var writer = Create(format, compression, geometry, File.Create(path)))
        {
            writer.Write(events);
        }
        return path;
    }

    private static EventFileWriter Create(EventFormat format, Aedat4Compression compression, SensorGeometry geometry, Stream stream) =>
        format == EventFormat.Aedat4
            ? new Aedat4Writer(stream, geometry, new Aedat4WriterOptions { Compression = compression })
            : EventFile.Create(stream, format, geometry);
}
