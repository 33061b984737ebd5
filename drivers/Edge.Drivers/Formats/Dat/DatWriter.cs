using System.Buffers.Binary;
using System.Globalization;
using Edge.Runtime.Events;

namespace Edge.Drivers.Formats.Dat;

/// <summary>
/// Writes Prophesee DAT files: a '%' header, the CD event type and size bytes, then 8-byte
/// records. The 32-bit timestamps wrap every 71.6 min (the reader counts decreases), so times must
/// not decrease nor jump by 2^32 µs or more; a first timestamp beyond 2^32 µs is rebased with an
/// "% edge_time_offset_us" header line that Edge's reader adds back.
/// </summary>
public sealed class DatWriter : RebasingEventWriter
{
    private const long TimeWrap = 1L << 32;
    private const int MaxCoordinate = (1 << 14) - 1;
    private const int RecordBytes = 8;

    private readonly SensorGeometry? _geometry;
    private long _last = -1;

    /// <summary>Creates a writer on <paramref name="stream"/>.</summary>
    /// <param name="stream">Destination; owned unless <paramref name="leaveOpen"/>.</param>
    /// <param name="geometry">Sensor array written to the header (optional); x and y must be below 16384.</param>
    /// <param name="leaveOpen">Keep the stream open after disposal.</param>
    public DatWriter(Stream stream, SensorGeometry? geometry, bool leaveOpen = false) : base(stream, leaveOpen, TimeWrap)
    {
        _geometry = geometry;
    }

    /// <inheritdoc />
    public override EventFormat Format => EventFormat.Dat;

    /// <inheritdoc />
    public override void Write(ReadOnlySpan<DvsEvent> events)
    {
        if (events.IsEmpty)
        {
            return;
        }
        WriteHeaderBefore(events);
        var space = Reserve(RecordBytes);
        var bytes = 0;
        foreach (var e in events)
        {
            if (space.Length - bytes < RecordBytes)
            {
                Commit(bytes);
                space = Reserve(RecordBytes);
                bytes = 0;
            }
            var t = e.T - TimeOffsetUs;
            if (t < 0 || e.T < _last || (_last >= 0 && e.T - _last >= TimeWrap) || e.X > MaxCoordinate || e.Y > MaxCoordinate)
            {
                Commit(bytes);
                throw OutOfRange(string.Create(CultureInfo.InvariantCulture,
                    $"event {e} does not fit DAT (x and y below 16384, time rising by less than 2^32 µs a step; previous time {_last})"));
            }
            _last = e.T;
            BinaryPrimitives.WriteUInt32LittleEndian(space[bytes..], (uint)t);
            BinaryPrimitives.WriteUInt32LittleEndian(space[(bytes + 4)..], ((uint)(e.P != 0 ? 1 : 0) << 28) | ((uint)e.Y << 14) | e.X);
            bytes += RecordBytes;
            EventsWritten++;
        }
        Commit(bytes);
    }

    private protected override void WriteHeader(long offset)
    {
        var lines = new List<string> { "% Data file containing Event2D events.", "% Version 2", $"% Date {UtcNowText()}" };
        if (_geometry is { } g)
        {
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"% Height {g.Height}"));
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"% Width {g.Width}"));
        }
        if (offset != 0)
        {
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"% {PropheseeHeader.TimeOffsetKey} {offset}"));
        }
        WriteLines(lines, "\n");
        WriteBytes([DatReader.CdEventType, RecordBytes]);
    }
}
