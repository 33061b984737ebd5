using System.Buffers.Binary;
using System.Globalization;
using Edge.Drivers.Formats.Io;
using Edge.Runtime.Events;

namespace Edge.Drivers.Formats.Aedat2;

/// <summary>
/// Reads jAER AEDAT 1.0/2.0: big-endian (address, timestamp) records after a '#' header. Addresses
/// are decoded per the chip's layout and turned into Edge's convention (upper-left origin, P = 1 ON):
/// jAER mirrors x and puts the origin lower-left. Non-DVS words (APS, IMU, external inputs) are
/// skipped and counted; the 32-bit timestamp wraps are unwrapped (a step back of more than 2^30 µs),
/// smaller steps back are events out of order, counted and delivered as they are.
/// </summary>
public sealed class Aedat2Reader : FixedRecordReader
{
    // Lenient realignment looks this far ahead for the next run of plausible records.
    private const int MaxShift = 64 * 8;

    private readonly int _eventSize;
    private readonly bool _dvs128;
    private readonly int _maxX;
    private readonly int _maxY;
    private TimestampUnwrapper _clock;
    private uint? _lastRaw;

    internal Aedat2Reader(ByteWindow window, Aedat2Header header, EventFileOptions options)
        : base(window, EventFormat.Aedat2, header.Geometry, options, header.EventSize, "an AEDAT event record")
    {
        Header = header;
        _eventSize = header.EventSize;
        _dvs128 = header.Layout == Aedat2AddressLayout.Dvs128;
        // Without a known array the y axis cannot be flipped: raw chip coordinates are delivered.
        _maxX = Geometry is { } g ? g.Width - 1 : -1;
        _maxY = Geometry is { } h ? h.Height - 1 : -1;
        _clock = new TimestampUnwrapper(32, header.TimeOffsetUs);
    }

    /// <summary>The file's '#' header.</summary>
    public Aedat2Header Header { get; }

    private protected override int DecodeRecords(Span<DvsEvent> destination)
    {
        var span = Window.Span;
        var records = Math.Min(span.Length / _eventSize, destination.Length);
        var n = 0;
        var offset = 0;
        for (var r = 0; r < records; r++, offset += _eventSize)
        {
            var record = span.Slice(offset, _eventSize);
            int address;
            uint ts;
            if (_eventSize == 8)
            {
                address = BinaryPrimitives.ReadInt32BigEndian(record);
                ts = BinaryPrimitives.ReadUInt32BigEndian(record[4..]);
            }
            else
            {
                address = BinaryPrimitives.ReadUInt16BigEndian(record);
                ts = BinaryPrimitives.ReadUInt32BigEndian(record[2..]);
            }
            if (Lenient && _lastRaw is { } previous && ts - previous > RecordAlignment.MaxStepUs)
            {
                // Lenient only: a time jump this big is more likely shifted records than a pause.
                Window.Advance(offset);
                Realign(minShift: 0, "AEDAT record time jumps: bytes lost or inserted");
                return n;
            }
            _lastRaw = ts;
            int x, y;
            byte p;
            if (_dvs128)
            {
                if ((address & 0x8000) != 0)
                {
                    SkippedWordCount++;
                    continue;
                }
                x = 127 - ((address >> 1) & 0x7F);
                y = 127 - ((address >> 8) & 0x7F);
                p = (byte)(~address & 1);
            }
            else
            {
                if (address < 0 || (address & 0x400) != 0)
                {
                    SkippedWordCount++;
                    continue;
                }
                x = (address >> 12) & 0x3FF;
                y = (address >> 22) & 0x1FF;
                p = (byte)((address >> 11) & 1);
                if (_maxX >= 0)
                {
                    if (x > _maxX || y > _maxY)
                    {
                        Window.Advance(offset);
                        if (!Lenient)
                        {
                            throw Window.Damaged(Window.Position, string.Create(CultureInfo.InvariantCulture,
                                $"DVS address 0x{address:X8} has x={x}, y={y}, outside the {_maxX + 1}x{_maxY + 1} array of {Header.ChipClass}"));
                        }
                        Realign(minShift: 1, "DVS address outside the sensor array");
                        return n;
                    }
                    x = _maxX - x;
                    y = _maxY - y;
                }
            }
            destination[n++] = new DvsEvent(Unwrap(ts), (ushort)x, (ushort)y, p);
        }
        Window.Advance(offset);
        return n;
    }

    private long Unwrap(uint ts)
    {
        var t = _clock.Unwrap(ts);
        WrapCount = _clock.Wraps;
        OutOfOrderCount = _clock.OutOfOrder;
        return t;
    }

    /// <summary>
    /// Lenient: finds where records line up again after damage (bytes inserted or lost) and skips
    /// to there, or skips one record. With <paramref name="minShift"/> 0 records that already line up
    /// (a real pause in the recording) are kept.
    /// </summary>
    private void Realign(int minShift, string reason)
    {
        var at = Window.Position;
        Window.Ensure(Math.Min(Window.Capacity, MaxShift + (RecordAlignment.Run * _eventSize)));
        var shift = RecordAlignment.Find(Window.Span, _eventSize, minShift, MaxShift, new RecordCheck(_dvs128, _maxX, _maxY));
        _lastRaw = null;
        if (shift == 0 || (shift < 0 && minShift == 0))
        {
            return;
        }
        var skip = shift > 0 ? shift : Math.Min(_eventSize, Window.Count);
        Damage(at, skip, Math.Max(1, skip / _eventSize), reason);
        Window.Advance(skip);
        // Times decoded from shifted bytes were garbage: do not unwrap against them.
        _clock.Forget();
    }

    /// <summary>
    /// A plausible record: a DVS128 address in 16 bits, or a DAVIS APS/IMU/external word or pixel on
    /// the array; time a little after the run's previous record.
    /// </summary>
    private struct RecordCheck(bool dvs128, int maxX, int maxY) : IRecordCheck
    {
        private uint? _previous;

        public bool Accept(ReadOnlySpan<byte> record)
        {
            var wide = record.Length == 8;
            var address = wide ? BinaryPrimitives.ReadInt32BigEndian(record) : BinaryPrimitives.ReadUInt16BigEndian(record);
            var plausible = dvs128
                ? (address >> 16) == 0
                : address < 0 || (address & 0x400) != 0 || maxX < 0 ||
                  (((address >> 12) & 0x3FF) <= maxX && ((address >> 22) & 0x1FF) <= maxY);
            return plausible && RecordAlignment.Follows(BinaryPrimitives.ReadUInt32BigEndian(record[(wide ? 4 : 2)..]), ref _previous);
        }
    }
}
