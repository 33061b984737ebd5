using System.Globalization;
using Edge.Host.Sources;
using Edge.Runtime.Events;

namespace Edge.Cli.View;

/// <summary>
/// Events cut into frames of a fixed duration over a span measured from the stream's first event:
/// per frame, ON and OFF counts per pixel (pixels binned by <see cref="Bin"/> for large sensors).
/// </summary>
internal sealed class EventFrames
{
    /// <summary>Widest image a frame is drawn at; larger sensors are binned.</summary>
    public const int MaxWidth = 320;

    private EventFrames(int width, int height, int bin, long frameUs, long fromUs, int count)
    {
        Width = width;
        Height = height;
        Bin = bin;
        FrameUs = frameUs;
        FromUs = fromUs;
        On = new int[count][];
        Off = new int[count][];
        for (var i = 0; i < count; i++)
        {
            On[i] = new int[width * height];
            Off[i] = new int[width * height];
        }
    }

    /// <summary>Frame width in (binned) pixels.</summary>
    public int Width { get; }

    /// <summary>Frame height in (binned) pixels.</summary>
    public int Height { get; }

    /// <summary>Sensor pixels per frame pixel along each axis.</summary>
    public int Bin { get; }

    /// <summary>Duration of a frame, µs.</summary>
    public long FrameUs { get; }

    /// <summary>Start of the first frame, µs after the first event.</summary>
    public long FromUs { get; }

    /// <summary>ON counts per frame, row-major.</summary>
    public int[][] On { get; }

    /// <summary>OFF counts per frame, row-major.</summary>
    public int[][] Off { get; }

    /// <summary>Frames.</summary>
    public int Count => On.Length;

    /// <summary>Events in the frames.</summary>
    public long Events { get; private set; }

    /// <summary>Largest count of one polarity at one pixel in any frame.</summary>
    public int MaxCount { get; private set; }

    /// <summary>
    /// Reads <paramref name="source"/> from <paramref name="fromUs"/> to <paramref name="toUs"/>
    /// (µs after its first event; the stream may end sooner) into frames of <paramref name="frameUs"/>.
    /// A stream that does not say its sensor size is drawn at the extent of its events.
    /// </summary>
    /// <exception cref="UserInputException">The stream is empty, or holds no event in the span.</exception>
    public static EventFrames Read(OpenedSource source, string name, long fromUs, long toUs, long frameUs)
    {
        var events = new List<DvsEvent>();
        var buffer = new DvsEvent[1 << 16];
        long first = -1, last = -1;
        int maxX = 0, maxY = 0;
        int n;
        var done = false;
        while (!done && (n = source.Events.Read(buffer)) > 0)
        {
            for (var i = 0; i < n; i++)
            {
                var e = buffer[i];
                if (first < 0)
                {
                    first = e.T;
                }
                last = e.T;
                var t = e.T - first;
                if (t >= toUs)
                {
                    done = true;
                    break;
                }
                if (t >= fromUs)
                {
                    events.Add(e);
                    maxX = Math.Max(maxX, e.X);
                    maxY = Math.Max(maxY, e.Y);
                }
            }
        }
        if (first < 0)
        {
            throw new UserInputException($"{name}: the stream holds no events");
        }
        if (events.Count == 0)
        {
            throw new UserInputException(string.Create(CultureInfo.InvariantCulture,
                $"{name}: no events from {fromUs / 1000.0:0.###} ms to {toUs / 1000.0:0.###} ms after the first event (the stream spans {(last - first) / 1000.0:0.###} ms)"));
        }
        var geometry = source.Geometry ?? new SensorGeometry(maxX + 1, maxY + 1);
        var bin = (geometry.Width + MaxWidth - 1) / MaxWidth;
        var width = (geometry.Width + bin - 1) / bin;
        var height = (geometry.Height + bin - 1) / bin;
        var lastT = events[^1].T - first;
        var count = (int)((Math.Min(toUs, lastT + 1) - fromUs + frameUs - 1) / frameUs);
        var frames = new EventFrames(width, height, bin, frameUs, fromUs, Math.Max(1, count));
        foreach (var e in events)
        {
            var f = (int)((e.T - first - fromUs) / frameUs);
            if ((uint)e.X >= (uint)geometry.Width || (uint)e.Y >= (uint)geometry.Height)
            {
                continue;
            }
            var p = (e.Y / bin * width) + (e.X / bin);
            var plane = e.P != 0 ? frames.On[f] : frames.Off[f];
            frames.MaxCount = Math.Max(frames.MaxCount, ++plane[p]);
            frames.Events++;
        }
        return frames;
    }
}
