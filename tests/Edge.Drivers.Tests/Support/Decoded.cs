using Edge.Drivers.Formats;
using Edge.Runtime.Events;

namespace Edge.Drivers.Tests.Support;

/// <summary>Reads whole files into memory for assertions.</summary>
internal static class Decoded
{
    public static List<DvsEvent> All(EventFileReader reader, int chunk = 4096)
    {
        var events = new List<DvsEvent>();
        var buffer = new DvsEvent[chunk];
        int n;
        while ((n = reader.Read(buffer)) > 0)
        {
            events.AddRange(buffer.AsSpan(0, n));
        }
        return events;
    }

    public static List<DvsEvent> All(string path, EventFileOptions? options = null, int chunk = 4096)
    {
        using var reader = EventFile.OpenRead(path, options);
        return All(reader, chunk);
    }

    public static List<DvsEvent> All(byte[] bytes, string name, EventFileOptions? options = null, int chunk = 4096)
    {
        using var reader = EventFile.OpenRead(new MemoryStream(bytes, writable: false), name, options);
        return All(reader, chunk);
    }
}
