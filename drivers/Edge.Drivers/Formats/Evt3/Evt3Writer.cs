using System.Buffers.Binary;
using System.Globalization;
using Edge.Runtime.Events;

namespace Edge.Drivers.Formats.Evt3;

/// <summary>
/// Writes Prophesee EVT 3.0 RAW files: a '%' header, then TIME_HIGH / TIME_LOW words when the
/// time changes, ADDR_Y when the row changes and one ADDR_X word per event (no vector words).
/// EVT 3.0 time is 24 bits (it loops every 16.8 s): a recording whose first timestamp does not fit
/// is rebased to 0 with a "% edge_time_offset_us" header line that Edge's reader adds back.
/// </summary>
public sealed class Evt3Writer : EventFileWriter
{
    private const long TimeRange = 1L << 24;
    private const int MaxCoordinate = (1 << 11) - 1;
    private const int MaxWordsPerEvent = 4;

    private const int TimeHighBits = 12;

    private readonly SensorGeometry? _geometry;
    private bool _headerWritten;
    private long _offset;
    private long _timeHigh = -1;
    private long _timeLow;
    private int _y = -1;

    /// <summary>Creates a writer on <paramref name="stream"/>.</summary>
    /// <param name="stream">Destination; owned unless <paramref name="leaveOpen"/>.</param>
    /// <param name="geometry">Sensor array written to the header (optional); x and y must be below 2048.</param>
    /// <param name="leaveOpen">Keep the stream open after disposal.</param>
    public Evt3Writer(Stream stream, SensorGeometry? geometry, bool leaveOpen = false) : base(stream, leaveOpen)
    {
        if (geometry is { } g && (g.Width > MaxCoordinate + 1 || g.Height > MaxCoordinate + 1))
        {
            throw OutOfRange($"EVT 3.0 holds x and y below 2048; a {g} sensor does not fit");
        }
        _geometry = geometry;
    }

    /// <inheritdoc />
    public override EventFormat Format => EventFormat.Evt3;

    /// <summary>Microseconds subtracted from every timestamp (and recorded in the header).</summary>
    public long TimeOffsetUs => _offset;

    /// <inheritdoc />
    public override void Write(ReadOnlySpan<DvsEvent> events)
    {
        if (events.IsEmpty)
        {
            return;
        }
        if (!_headerWritten)
        {
            WriteHeader(RebaseOffset(events[0].T, TimeRange));
        }
        var space = Reserve(64);
        var bytes = 0;
        foreach (var e in events)
        {
            if (space.Length - bytes < 2 * MaxWordsPerEvent)
            {
                Commit(bytes);
                space = Reserve(64);
                bytes = 0;
            }
            var t = e.T - _offset;
            if (t < 0 || e.X > MaxCoordinate || e.Y > MaxCoordinate)
            {
                Commit(bytes);
                throw OutOfRange(string.Create(CultureInfo.InvariantCulture,
                    $"event {e} does not fit EVT 3.0 (x and y below 2048, time not before the first event's {_offset} µs)"));
            }
            var timeHigh = t >> 12;
            var timeLow = t & 0xFFF;
            if (timeHigh != _timeHigh)
            {
                if (_timeHigh >= 0 && timeHigh >> TimeHighBits != _timeHigh >> TimeHighBits)
                {
                    Commit(bytes);
                    CrossLoops(timeHigh);
                    space = Reserve(64);
                    bytes = 0;
                }
                bytes = Put(space, bytes, 0x8, (int)(timeHigh & 0xFFF));
                _timeHigh = timeHigh;
                _timeLow = 0;
            }
            if (timeLow != _timeLow)
            {
                bytes = Put(space, bytes, 0x6, (int)timeLow);
                _timeLow = timeLow;
            }
            if (e.Y != _y)
            {
                bytes = Put(space, bytes, 0x0, e.Y);
                _y = e.Y;
            }
            bytes = Put(space, bytes, 0x2, ((e.P != 0 ? 1 : 0) << 11) | e.X);
            EventsWritten++;
        }
        Commit(bytes);
    }

    private protected override void Finish()
    {
        if (!_headerWritten)
        {
            WriteHeader(0);
        }
    }

    private static int Put(Span<byte> space, int at, int type, int payload)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(space[at..], (ushort)((type << 12) | payload));
        return at + 2;
    }

    /// <summary>
    /// Writes the last and first TIME_HIGH of every 2^24 µs loop boundary before <paramref name="target"/>:
    /// decoders (OpenEB's rule) see a loop only as a jump back from the loop's end, as a sensor,
    /// which sends every TIME_HIGH, would show it.
    /// </summary>
    private void CrossLoops(long target)
    {
        while (_timeHigh >> TimeHighBits < target >> TimeHighBits)
        {
            var loopEnd = (((_timeHigh >> TimeHighBits) + 1) << TimeHighBits) - 1;
            var space = Reserve(4);
            Put(space, 0, 0x8, (int)(loopEnd & 0xFFF));
            Put(space, 2, 0x8, 0);
            Commit(4);
            _timeHigh = loopEnd + 1;
        }
        _timeLow = 0;
    }

    private void WriteHeader(long offset)
    {
        _offset = offset;
        var lines = new List<string> { $"% Date {UtcNowText()}", "% evt 3.0", "% integrator_name Edge" };
        if (_geometry is { } g)
        {
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"% format EVT3;height={g.Height};width={g.Width}"));
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"% geometry {g.Width}x{g.Height}"));
        }
        if (offset != 0)
        {
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"% {PropheseeHeader.TimeOffsetKey} {offset}"));
        }
        lines.Add("% end");
        WriteLines(lines, "\n");
        _headerWritten = true;
    }
}
