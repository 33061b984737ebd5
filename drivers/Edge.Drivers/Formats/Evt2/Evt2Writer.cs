using System.Buffers.Binary;
using System.Globalization;
using Edge.Runtime.Events;

namespace Edge.Drivers.Formats.Evt2;

/// <summary>
/// Writes Prophesee EVT 2.0 RAW files: a '%' header, then a TIME_HIGH word whenever the 64 µs
/// time base changes and one CD word per event. EVT 2.0 time is 34 bits (it loops every 4.8 h):
/// a recording whose first timestamp does not fit (absolute Unix-epoch µs) is rebased to start at
/// 0 and the offset is written as a "% edge_time_offset_us" header line, which Edge's reader adds
/// back, so the round trip is exact. Other readers see times from 0.
/// </summary>
public sealed class Evt2Writer : EventFileWriter
{
    private const long TimeRange = 1L << 34;
    private const int MaxCoordinate = (1 << 11) - 1;

    private const int TimeHighBits = 28;

    private readonly SensorGeometry? _geometry;
    private bool _headerWritten;
    private long _offset;
    private long _timeHigh = -1;

    /// <summary>Creates a writer on <paramref name="stream"/>.</summary>
    /// <param name="stream">Destination; owned unless <paramref name="leaveOpen"/>.</param>
    /// <param name="geometry">Sensor array written to the header (optional); x and y must be below 2048.</param>
    /// <param name="leaveOpen">Keep the stream open after disposal.</param>
    public Evt2Writer(Stream stream, SensorGeometry? geometry, bool leaveOpen = false) : base(stream, leaveOpen)
    {
        if (geometry is { } g && (g.Width > MaxCoordinate + 1 || g.Height > MaxCoordinate + 1))
        {
            throw OutOfRange($"EVT 2.0 holds x and y below 2048; a {g} sensor does not fit");
        }
        _geometry = geometry;
    }

    /// <inheritdoc />
    public override EventFormat Format => EventFormat.Evt2;

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
            if (space.Length - bytes < 8)
            {
                Commit(bytes);
                space = Reserve(64);
                bytes = 0;
            }
            var t = e.T - _offset;
            if (t < 0 || e.X > MaxCoordinate || e.Y > MaxCoordinate)
            {
                Commit(bytes);
                throw Unfit(e);
            }
            var timeHigh = t >> 6;
            if (timeHigh != _timeHigh)
            {
                if (_timeHigh >= 0 && timeHigh >> TimeHighBits != _timeHigh >> TimeHighBits)
                {
                    Commit(bytes);
                    CrossLoops(timeHigh);
                    space = Reserve(64);
                    bytes = 0;
                }
                BinaryPrimitives.WriteUInt32LittleEndian(space[bytes..], TimeHighWord(timeHigh));
                bytes += 4;
                _timeHigh = timeHigh;
            }
            var word = ((uint)(e.P != 0 ? 1 : 0) << 28) | ((uint)(t & 63) << 22) | ((uint)e.X << 11) | e.Y;
            BinaryPrimitives.WriteUInt32LittleEndian(space[bytes..], word);
            bytes += 4;
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

    /// <summary>
    /// Writes the last and first TIME_HIGH of every 2^34 µs loop boundary before <paramref name="target"/>:
    /// decoders (OpenEB's rule) see a loop only as a jump back from the loop's end, as a sensor,
    /// which sends every TIME_HIGH, would show it.
    /// </summary>
    private void CrossLoops(long target)
    {
        while (_timeHigh >> TimeHighBits < target >> TimeHighBits)
        {
            var loopEnd = (((_timeHigh >> TimeHighBits) + 1) << TimeHighBits) - 1;
            var space = Reserve(8);
            BinaryPrimitives.WriteUInt32LittleEndian(space, TimeHighWord(loopEnd));
            BinaryPrimitives.WriteUInt32LittleEndian(space[4..], TimeHighWord(loopEnd + 1));
            Commit(8);
            _timeHigh = loopEnd + 1;
        }
    }

    private static uint TimeHighWord(long timeHigh) => (0x8u << 28) | (uint)(timeHigh & 0x0FFF_FFFF);

    private ArgumentOutOfRangeException Unfit(DvsEvent e) => OutOfRange(string.Create(CultureInfo.InvariantCulture,
        $"event {e} does not fit EVT 2.0 (x and y below 2048, time not before the first event's {_offset} µs)"));

    private void WriteHeader(long offset)
    {
        _offset = offset;
        var lines = new List<string> { $"% Date {UtcNowText()}", "% evt 2.0", "% integrator_name Edge" };
        if (_geometry is { } g)
        {
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"% format EVT2;height={g.Height};width={g.Width}"));
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
