using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Edge.Drivers.Formats.Io;
using Edge.Runtime.Events;

namespace Edge.Drivers.Formats.Nmnist;

/// <summary>
/// Reads the N-MNIST / N-Caltech101 binary: no header, 5-byte events (x, y, polarity bit and a
/// 23-bit big-endian timestamp). A record with y = 240 is an overflow marker: it is not an event, and
/// every later time gets 2^13 µs more for it, as the dataset's official reader does. A time more than
/// 2^21 µs before the previous event's is a 2^23 µs wrap; a smaller step back is an event out of
/// order (counted, delivered as it is).
/// </summary>
public sealed class NmnistReader : FixedRecordReader
{
    /// <summary>Bytes per event.</summary>
    public const int EventSize = 5;

    /// <summary>The row value that marks a timestamp-overflow record.</summary>
    public const int OverflowMarkerRow = 240;

    /// <summary>Time each overflow marker adds to the records after it (official reader: 2^13 µs).</summary>
    public const long OverflowMarkerUs = 1L << 13;

    /// <summary>The N-MNIST sensor crop: 34 × 34 pixels.</summary>
    public static readonly SensorGeometry NmnistGeometry = new(34, 34);

    private TimestampUnwrapper _clock = new(23, 0);
    private long _markerOffset;

    internal NmnistReader(ByteWindow window, EventFileOptions options)
        : base(window, EventFormat.Nmnist, NmnistGeometry, options, EventSize, "a 5-byte N-MNIST event")
    {
    }

    private protected override int DecodeRecords(Span<DvsEvent> destination)
    {
        var span = Window.Span;
        var records = Math.Min(span.Length / EventSize, destination.Length);
        ref var src = ref MemoryMarshal.GetReference(span);
        ref var dst = ref MemoryMarshal.GetReference(destination);
        var n = 0;
        var markerOffset = _markerOffset;
        long markers = 0;
        for (var r = 0; r < records; r++)
        {
            ref var rec = ref Unsafe.Add(ref src, r * EventSize);
            int b2 = Unsafe.Add(ref rec, 2);
            var ts = ((b2 & 0x7F) << 16) | (Unsafe.Add(ref rec, 3) << 8) | Unsafe.Add(ref rec, 4);
            var y = Unsafe.Add(ref rec, 1);
            if (y == OverflowMarkerRow)
            {
                markers++;
                markerOffset += OverflowMarkerUs;
                continue;
            }
            Unsafe.Add(ref dst, n++) = new DvsEvent(_clock.Unwrap(markerOffset + ts), rec, y, (byte)(b2 >> 7));
        }
        _markerOffset = markerOffset;
        WrapCount = _clock.Wraps;
        OutOfOrderCount = _clock.OutOfOrder;
        SkippedWordCount += markers;
        Window.Advance(records * EventSize);
        return n;
    }
}
