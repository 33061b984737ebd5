using Edge.Drivers.Formats;
using Edge.Runtime.Events;

namespace Edge.Drivers.Tests.Support;

/// <summary>Seeded synthetic event streams and in-memory files.</summary>
internal static class Synthetic
{
    /// <summary>Random pixels and polarities, times from <paramref name="start"/> rising by 0…maxStep µs.</summary>
    public static DvsEvent[] Events(int count, SensorGeometry geometry, long start, int maxStepUs, int seed = 1)
    {
        var random = new Random(seed);
        var events = new DvsEvent[count];
        var t = start;
        for (var i = 0; i < count; i++)
        {
            events[i] = new DvsEvent(t, (ushort)random.Next(geometry.Width), (ushort)random.Next(geometry.Height), (byte)random.Next(2));
            t += random.Next(maxStepUs + 1);
        }
        return events;
    }

    /// <summary>Writes <paramref name="events"/> in <paramref name="format"/> to bytes, in uneven chunks.</summary>
    public static byte[] Write(EventFormat format, SensorGeometry? geometry, ReadOnlySpan<DvsEvent> events, int seed = 7)
    {
        var stream = new MemoryStream();
        using (var writer = EventFile.Create(stream, format, geometry, leaveOpen: true))
        {
            Write(writer, events, seed);
            writer.Complete();
        }
        return stream.ToArray();
    }

    public static void Write(IEventSink writer, ReadOnlySpan<DvsEvent> events, int seed = 7)
    {
        var random = new Random(seed);
        while (!events.IsEmpty)
        {
            var n = Math.Min(events.Length, random.Next(1, 5000));
            writer.Write(events[..n]);
            events = events[n..];
        }
    }

    /// <summary>A file name with the extension a format is usually stored under.</summary>
    public static string NameFor(EventFormat format) => format switch
    {
        EventFormat.Aedat4 => "test.aedat4",
        EventFormat.Aedat2 or EventFormat.Aedat3 => "test.aedat",
        EventFormat.Dat => "test.dat",
        EventFormat.Nmnist => "test.bin",
        _ => "test.raw",
    };
}
