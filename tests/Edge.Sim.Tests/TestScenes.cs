using Edge.Runtime.Events;
using Edge.Sim.Scenes;

namespace Edge.Sim.Tests;

/// <summary>Scenes for tests whose intensity is given by a function of time and pixel.</summary>
internal sealed class FunctionScene(Func<long, int, int, float> intensity, long? durationUs = null) : IScene
{
    public long? DurationUs => durationUs;

    public SensorGeometry? NativeGeometry => null;

    public void Render(long timeUs, SensorGeometry geometry, Span<float> frame)
    {
        for (var y = 0; y < geometry.Height; y++)
        {
            for (var x = 0; x < geometry.Width; x++)
            {
                frame[(y * geometry.Width) + x] = intensity(timeUs, x, y);
            }
        }
    }

    public static FunctionScene Constant(float value) => new((_, _, _) => value);
}

/// <summary>Reading helpers.</summary>
internal static class Streams
{
    /// <summary>Reads a source to its end (or <paramref name="limit"/> events).</summary>
    public static List<DvsEvent> ReadAll(IEventSource source, int limit = 10_000_000)
    {
        var events = new List<DvsEvent>();
        var buffer = new DvsEvent[4096];
        int n;
        while (events.Count < limit && (n = source.Read(buffer)) > 0)
        {
            for (var i = 0; i < n; i++)
            {
                events.Add(buffer[i]);
            }
        }
        return events;
    }

    /// <summary>Reads the current segment of a labelled source to its end.</summary>
    public static List<DvsEvent> ReadSegment(ILabelledEventSource source)
    {
        var events = new List<DvsEvent>();
        var buffer = new DvsEvent[1024];
        int n;
        while ((n = source.Read(buffer)) > 0)
        {
            for (var i = 0; i < n; i++)
            {
                events.Add(buffer[i]);
            }
        }
        return events;
    }
}
