using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Edge.Drivers.Formats.Io;
using Edge.Runtime.Events;

namespace Edge.Drivers.Formats.Nmnist;

/// <summary>
/// Reads the N-MNIST / N-Caltech101 binary: no header, 5-byte events (x, y, polarity bit and a
/// 23-bit big-endian timestamp). Events with y = 240 are the legacy ATIS overflow markers and are
/// skipped; a timestamp that decreases is taken as a 2^23 µs wrap.
/// </summary>
public sealed class NmnistReader : FixedRecordReader
{
    /// <summary>Bytes per event.</summary>
    public const int EventSize = 5;

    /// <summary>The row value that marks a legacy timestamp-overflow record.</summary>
    public const int OverflowMarkerRow = 240;

    /// <summary>The N-MNIST sensor crop: 34 × 34 pixels.</summary>
    public static readonly SensorGeometry NmnistGeometry = new(34, 34);

    private long _wrapBase;
    private int _lastTs;

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
        var wrapBase = _wrapBase;
        var lastTs = _lastTs;
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
                continue;
            }
            if (ts < lastTs)
            {
                wrapBase += 1L << 23;
                WrapCount++;
            }
            lastTs = ts;
            Unsafe.Add(ref dst, n++) = new DvsEvent(wrapBase + ts, rec, y, (byte)(b2 >> 7));
        }
        _wrapBase = wrapBase;
        _lastTs = lastTs;
        SkippedWordCount += markers;
        Window.Advance(records * EventSize);
        return n;
    }
}
