using System.Globalization;
using Edge.Runtime.Events;

namespace Edge.Drivers.Formats;

/// <summary>
/// What the Prophesee RAW writers share: the '%' header (with a "% edge_time_offset_us" line when
/// the times are rebased, see <see cref="RebasingEventWriter"/>; other readers see times from 0),
/// x and y below 2048, and a time base that loops. Subclasses encode one event's words and cross
/// loop boundaries the way a sensor shows them.
/// </summary>
public abstract class PropheseeRawWriter : RebasingEventWriter
{
    /// <summary>Largest x or y the EVT word layouts hold (11 bits).</summary>
    private protected const int MaxCoordinate = (1 << 11) - 1;

    private const int ChunkBytes = 64;

    private readonly SensorGeometry? _geometry;
    private readonly string _version;
    private readonly int _maxBytesPerEvent;

    /// <param name="stream">Destination; owned unless <paramref name="leaveOpen"/>.</param>
    /// <param name="geometry">Sensor array written to the header (optional); x and y must be below 2048.</param>
    /// <param name="leaveOpen">Keep the stream open after disposal.</param>
    /// <param name="version">The header's "evt" version: "2.0" or "3.0".</param>
    /// <param name="timeRange">Microseconds the format's time base holds before it loops.</param>
    /// <param name="maxBytesPerEvent">Most bytes one event's words take, time words included.</param>
    private protected PropheseeRawWriter(Stream stream, SensorGeometry? geometry, bool leaveOpen, string version, long timeRange, int maxBytesPerEvent)
        : base(stream, leaveOpen, timeRange)
    {
        if (geometry is { } g && (g.Width > MaxCoordinate + 1 || g.Height > MaxCoordinate + 1))
        {
            throw OutOfRange($"EVT {version} holds x and y below 2048; a {g} sensor does not fit");
        }
        _geometry = geometry;
        _version = version;
        _maxBytesPerEvent = maxBytesPerEvent;
    }

    /// <inheritdoc />
    public sealed override void Write(ReadOnlySpan<DvsEvent> events)
    {
        if (events.IsEmpty)
        {
            return;
        }
        WriteHeaderBefore(events);
        var space = Reserve(ChunkBytes);
        var bytes = 0;
        foreach (var e in events)
        {
            if (space.Length - bytes < _maxBytesPerEvent)
            {
                Commit(bytes);
                space = Reserve(ChunkBytes);
                bytes = 0;
            }
            var t = e.T - TimeOffsetUs;
            if (t < 0 || e.X > MaxCoordinate || e.Y > MaxCoordinate)
            {
                Commit(bytes);
                throw OutOfRange(string.Create(CultureInfo.InvariantCulture,
                    $"event {e} does not fit EVT {_version} (x and y below 2048, time not before the first event's {TimeOffsetUs} µs)"));
            }
            if (EntersNewLoop(t))
            {
                Commit(bytes);
                CrossLoops(t);
                space = Reserve(ChunkBytes);
                bytes = 0;
            }
            bytes = Encode(e, t, space, bytes);
            EventsWritten++;
        }
        Commit(bytes);
    }

    /// <summary>True when <paramref name="t"/> lies in a later loop of the time base than the last word written.</summary>
    private protected abstract bool EntersNewLoop(long t);

    /// <summary>
    /// Writes the last and first TIME_HIGH of every loop boundary before <paramref name="t"/>
    /// (through <see cref="EventFileWriter.Reserve"/> and <see cref="EventFileWriter.Commit"/>):
    /// decoders (OpenEB's rule) see a loop only as a jump back from the loop's end, as a sensor,
    /// which sends every TIME_HIGH, would show it.
    /// </summary>
    private protected abstract void CrossLoops(long t);

    /// <summary>Encodes one event at rebased time <paramref name="t"/> into <paramref name="space"/> at <paramref name="at"/>; returns the new end.</summary>
    private protected abstract int Encode(in DvsEvent e, long t, Span<byte> space, int at);

    private protected sealed override void WriteHeader(long offset)
    {
        var lines = new List<string> { $"% Date {UtcNowText()}", $"% evt {_version}", "% integrator_name Edge" };
        if (_geometry is { } g)
        {
            var name = Format == EventFormat.Evt2 ? "EVT2" : "EVT3";
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"% format {name};height={g.Height};width={g.Width}"));
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"% geometry {g.Width}x{g.Height}"));
        }
        if (offset != 0)
        {
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"% {PropheseeHeader.TimeOffsetKey} {offset}"));
        }
        lines.Add("% end");
        WriteLines(lines, "\n");
    }
}
