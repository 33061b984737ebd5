using System.Globalization;
using Edge.Runtime.Events;

namespace Edge.Drivers.Formats.Nmnist;

/// <summary>
/// Writes the N-MNIST / N-Caltech101 binary: 5 bytes per event, no header. Its 8-bit coordinates
/// hold at most 256 × 240 pixels (row 240 marks overflow records). Its 23-bit timestamps start at
/// 0; a time that does not fit is reached with overflow markers, each adding 2^13 µs to every
/// later record as the official reader counts them (one marker per 8.2 ms beyond the first 8.4 s).
/// Times must not decrease. There is no header to record an offset: rebase recordings that start
/// at absolute times first.
/// </summary>
public sealed class NmnistWriter : EventFileWriter
{
    /// <summary>Columns the format can address.</summary>
    public const int MaxWidth = 256;

    /// <summary>Rows the format can address (row 240 is the legacy overflow marker).</summary>
    public const int MaxHeight = NmnistReader.OverflowMarkerRow;

    private const long TimeRange = 1L << 23;

    private long _last = -1;
    private long _markerOffset;

    /// <summary>Creates a writer on <paramref name="stream"/>.</summary>
    /// <param name="stream">Destination; owned unless <paramref name="leaveOpen"/>.</param>
    /// <param name="geometry">The events' sensor array, checked against the format's 256 × 240 limit.</param>
    /// <param name="leaveOpen">Keep the stream open after disposal.</param>
    public NmnistWriter(Stream stream, SensorGeometry? geometry, bool leaveOpen = false) : base(stream, leaveOpen)
    {
        if (geometry is { } g && !Fits(g))
        {
            throw OutOfRange($"N-MNIST's 8-bit x/y hold at most {MaxWidth}x{MaxHeight} pixels; a {g} sensor does not fit (crop or downscale it)");
        }
    }

    /// <inheritdoc />
    public override EventFormat Format => EventFormat.Nmnist;

    /// <summary>True when a sensor of this size fits the format.</summary>
    public static bool Fits(SensorGeometry geometry) => geometry.Width <= MaxWidth && geometry.Height <= MaxHeight;

    /// <inheritdoc />
    public override void Write(ReadOnlySpan<DvsEvent> events)
    {
        var space = Reserve(NmnistReader.EventSize);
        var bytes = 0;
        foreach (var e in events)
        {
            if (space.Length - bytes < NmnistReader.EventSize)
            {
                Commit(bytes);
                space = Reserve(NmnistReader.EventSize);
                bytes = 0;
            }
            if (e.X >= MaxWidth || e.Y >= MaxHeight || e.T < _last || e.T < 0)
            {
                Commit(bytes);
                throw OutOfRange(string.Create(CultureInfo.InvariantCulture,
                    $"event {e} does not fit N-MNIST (x < {MaxWidth}, y < {MaxHeight}, time from 0, never decreasing; previous time {_last})"));
            }
            _last = e.T;
            while (e.T - _markerOffset >= TimeRange)
            {
                if (space.Length - bytes < 2 * NmnistReader.EventSize)
                {
                    Commit(bytes);
                    space = Reserve(2 * NmnistReader.EventSize);
                    bytes = 0;
                }
                space.Slice(bytes, NmnistReader.EventSize).Clear();
                space[bytes + 1] = NmnistReader.OverflowMarkerRow;
                bytes += NmnistReader.EventSize;
                _markerOffset += NmnistReader.OverflowMarkerUs;
            }
            var ts = (int)(e.T - _markerOffset);
            space[bytes] = (byte)e.X;
            space[bytes + 1] = (byte)e.Y;
            space[bytes + 2] = (byte)((e.P != 0 ? 0x80 : 0) | (ts >> 16));
            space[bytes + 3] = (byte)(ts >> 8);
            space[bytes + 4] = (byte)ts;
            bytes += NmnistReader.EventSize;
            EventsWritten++;
        }
        Commit(bytes);
    }
}
