using System.Buffers.Binary;
using Edge.Runtime.Events;

namespace Edge.Drivers.Formats.Evt2;

/// <summary>
/// Writes Prophesee EVT 2.0 RAW files: a '%' header, then a TIME_HIGH word whenever the 64 µs
/// time base changes and one CD word per event. EVT 2.0 time is 34 bits (it loops every 4.8 h);
/// later times are rebased as <see cref="PropheseeRawWriter"/> describes.
/// </summary>
public sealed class Evt2Writer : PropheseeRawWriter
{
    private const int TimeHighBits = 28;

    private long _timeHigh = -1;

    /// <summary>Creates a writer on <paramref name="stream"/>.</summary>
    /// <param name="stream">Destination; owned unless <paramref name="leaveOpen"/>.</param>
    /// <param name="geometry">Sensor array written to the header (optional); x and y must be below 2048.</param>
    /// <param name="leaveOpen">Keep the stream open after disposal.</param>
    public Evt2Writer(Stream stream, SensorGeometry? geometry, bool leaveOpen = false)
        : base(stream, geometry, leaveOpen, "2.0", timeRange: 1L << 34, maxBytesPerEvent: 8)
    {
    }

    /// <inheritdoc />
    public override EventFormat Format => EventFormat.Evt2;

    private protected override bool EntersNewLoop(long t) => _timeHigh >= 0 && (t >> 6) >> TimeHighBits != _timeHigh >> TimeHighBits;

    private protected override int Encode(in DvsEvent e, long t, Span<byte> space, int at)
    {
        var timeHigh = t >> 6;
        if (timeHigh != _timeHigh)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(space[at..], TimeHighWord(timeHigh));
            at += 4;
            _timeHigh = timeHigh;
        }
        var word = ((uint)(e.P != 0 ? 1 : 0) << 28) | ((uint)(t & 63) << 22) | ((uint)e.X << 11) | e.Y;
        BinaryPrimitives.WriteUInt32LittleEndian(space[at..], word);
        return at + 4;
    }

    private protected override void CrossLoops(long t)
    {
        while (_timeHigh >> TimeHighBits < (t >> 6) >> TimeHighBits)
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
}
