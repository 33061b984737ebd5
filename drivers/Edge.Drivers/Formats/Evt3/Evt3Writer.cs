using System.Buffers.Binary;
using Edge.Runtime.Events;

namespace Edge.Drivers.Formats.Evt3;

/// <summary>
/// Writes Prophesee EVT 3.0 RAW files: a '%' header, then TIME_HIGH / TIME_LOW words when the
/// time changes, ADDR_Y when the row changes and one ADDR_X word per event (no vector words).
/// EVT 3.0 time is 24 bits (it loops every 16.8 s); later times are rebased as
/// <see cref="PropheseeRawWriter"/> describes.
/// </summary>
public sealed class Evt3Writer : PropheseeRawWriter
{
    private const int TimeHighBits = 12;

    private long _timeHigh = -1;
    private long _timeLow;
    private int _y = -1;

    /// <summary>Creates a writer on <paramref name="stream"/>.</summary>
    /// <param name="stream">Destination; owned unless <paramref name="leaveOpen"/>.</param>
    /// <param name="geometry">Sensor array written to the header (optional); x and y must be below 2048.</param>
    /// <param name="leaveOpen">Keep the stream open after disposal.</param>
    public Evt3Writer(Stream stream, SensorGeometry? geometry, bool leaveOpen = false)
        : base(stream, geometry, leaveOpen, "3.0", timeRange: 1L << 24, maxBytesPerEvent: 8)
    {
    }

    /// <inheritdoc />
    public override EventFormat Format => EventFormat.Evt3;

    private protected override bool EntersNewLoop(long t) => _timeHigh >= 0 && (t >> 12) >> TimeHighBits != _timeHigh >> TimeHighBits;

    private protected override int Encode(in DvsEvent e, long t, Span<byte> space, int at)
    {
        var timeHigh = t >> 12;
        var timeLow = t & 0xFFF;
        if (timeHigh != _timeHigh)
        {
            at = Put(space, at, 0x8, (int)(timeHigh & 0xFFF));
            _timeHigh = timeHigh;
            _timeLow = 0;
        }
        if (timeLow != _timeLow)
        {
            at = Put(space, at, 0x6, (int)timeLow);
            _timeLow = timeLow;
        }
        if (e.Y != _y)
        {
            at = Put(space, at, 0x0, e.Y);
            _y = e.Y;
        }
        return Put(space, at, 0x2, ((e.P != 0 ? 1 : 0) << 11) | e.X);
    }

    private protected override void CrossLoops(long t)
    {
        while (_timeHigh >> TimeHighBits < (t >> 12) >> TimeHighBits)
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

    private static int Put(Span<byte> space, int at, int type, int payload)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(space[at..], (ushort)((type << 12) | payload));
        return at + 2;
    }
}
