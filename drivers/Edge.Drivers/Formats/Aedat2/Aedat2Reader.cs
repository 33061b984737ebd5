using System.Buffers.Binary;
using System.Globalization;
using Edge.Drivers.Formats.Io;
using Edge.Runtime.Events;

namespace Edge.Drivers.Formats.Aedat2;

/// <summary>
/// Reads jAER AEDAT 1.0/2.0: big-endian (address, timestamp) records after a '#' header. Addresses
/// are decoded per the chip's layout and turned into Edge's convention (upper-left origin, P = 1 ON):
/// jAER mirrors x and puts the origin lower-left. Non-DVS words (APS, IMU, external inputs) are
/// skipped and counted; the 32-bit timestamp wraps are unwrapped.
/// </summary>
public sealed class Aedat2Reader : EventFileReader
{
    private const long WrapStep = 1L << 32;
    private const long WrapDetect = 1L << 30;

    private readonly int _eventSize;
    private readonly bool _dvs128;
    private readonly int _maxX;
    private readonly int _maxY;
    private long _wrapBase;
    private long _last = long.MinValue;

    internal Aedat2Reader(ByteWindow window, Aedat2Header header, EventFileOptions options)
        : base(window, EventFormat.Aedat2, header.Geometry, options)
    {
        Header = header;
        _eventSize = header.EventSize;
        _dvs128 = header.Layout == Aedat2AddressLayout.Dvs128;
        // Without a known array the y axis cannot be flipped: raw chip coordinates are delivered.
        _maxX = Geometry is { } g ? g.Width - 1 : -1;
        _maxY = Geometry is { } h ? h.Height - 1 : -1;
        _wrapBase = header.TimeOffsetUs;
    }

    /// <summary>The file's '#' header.</summary>
    public Aedat2Header Header { get; }

    private protected override int ReadCore(Span<DvsEvent> destination)
    {
        var written = 0;
        while (written < destination.Length)
        {
            if (Window.Count < _eventSize && !Window.Ensure(_eventSize))
            {
                if (written == 0 && Window.Count > 0)
                {
                    var partial = Window.Count;
                    Damage(Window.Position, partial, 0, "truncated: the file ends inside an AEDAT event record");
                    Window.Advance(partial);
                }
                break;
            }
            written += DecodeRecords(destination[written..]);
        }
        return written;
    }

    private int DecodeRecords(Span<DvsEvent> destination)
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
                        OutsideSensor(address, x, y);
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
        var t = _wrapBase + ts;
        if (_last != long.MinValue && t + WrapDetect < _last)
        {
            _wrapBase += WrapStep;
            t += WrapStep;
            WrapCount++;
        }
        _last = t;
        return t;
    }

    private void OutsideSensor(int address, int x, int y)
    {
        if (!Lenient)
        {
            throw Window.Damaged(Window.Position, string.Create(CultureInfo.InvariantCulture,
                $"DVS address 0x{address:X8} has x={x}, y={y}, outside the {_maxX + 1}x{_maxY + 1} array of {Header.ChipClass}"));
        }
        Damage(Window.Position, _eventSize, 1, "DVS address outside the sensor array");
        Window.Advance(_eventSize);
    }
}
