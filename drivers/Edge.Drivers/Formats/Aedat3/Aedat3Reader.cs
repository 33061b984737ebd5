using System.Buffers.Binary;
using System.Globalization;
using Edge.Drivers.Formats.Io;
using Edge.Runtime.Events;

namespace Edge.Drivers.Formats.Aedat3;

/// <summary>
/// Reads libcaer AEDAT 3.1 (and 3.0) files: a '#' header ending at "#!END-HEADER", then event
/// packets with a 28-byte header. Polarity packets are decoded (time = overflow · 2^31 + ts);
/// every other packet type is skipped by its declared size and counted.
/// </summary>
public sealed class Aedat3Reader : EventFileReader
{
    private const string BadPacket = "damaged AEDAT 3.1 packet header";

    private int _eventsLeft;
    private long _bytesAfterEvents;
    private long _timeHigh;

    private Aedat3Reader(ByteWindow window, Aedat3Header header, EventFileOptions options)
        : base(window, EventFormat.Aedat3, header.Geometry, options)
    {
        Header = header;
    }

    /// <summary>The file's '#' header.</summary>
    public Aedat3Header Header { get; }

    /// <summary>Packets of types other than polarity skipped so far.</summary>
    public long PacketsSkipped { get; private set; }

    internal static Aedat3Reader Open(ByteWindow window, EventFileOptions options) =>
        new(window, Aedat3Header.Read(window), options);

    private protected override int ReadCore(Span<DvsEvent> destination)
    {
        var written = 0;
        while (written < destination.Length)
        {
            if (_eventsLeft == 0)
            {
                if (_bytesAfterEvents > 0 && !SkipBody(_bytesAfterEvents, 0))
                {
                    break;
                }
                _bytesAfterEvents = 0;
                if (!NextPolarityPacket())
                {
                    break;
                }
                continue;
            }
            if (Window.Count < Aedat3PacketHeader.PolarityEventSize && !Window.Ensure(Aedat3PacketHeader.PolarityEventSize))
            {
                Truncated(Window.Position, _eventsLeft);
                break;
            }
            written += DecodeEvents(destination[written..]);
        }
        return written;
    }

    private int DecodeEvents(Span<DvsEvent> destination)
    {
        var span = Window.Span;
        var records = Math.Min(Math.Min(span.Length / 8, destination.Length), _eventsLeft);
        var n = 0;
        var r = 0;
        for (; r < records; r++)
        {
            var data = BinaryPrimitives.ReadUInt32LittleEndian(span[(r * 8)..]);
            var ts = BinaryPrimitives.ReadInt32LittleEndian(span[(r * 8 + 4)..]);
            if ((data & 1) == 0)
            {
                SkippedWordCount++;
                continue;
            }
            if (ts < 0)
            {
                Window.Advance(r * 8);
                _eventsLeft -= r;
                NegativeTimestamp(ts);
                return n;
            }
            destination[n++] = new DvsEvent(_timeHigh | (uint)ts, (ushort)(data >> 17), (ushort)((data >> 2) & 0x7FFF), (byte)((data >> 1) & 1));
        }
        Window.Advance(r * 8);
        _eventsLeft -= r;
        return n;
    }

    /// <summary>Moves to the next polarity packet, skipping others; false at the end of the file.</summary>
    private bool NextPolarityPacket()
    {
        while (true)
        {
            var at = Window.Position;
            if (!Window.Ensure(Aedat3PacketHeader.Size))
            {
                if (Window.Count == 0)
                {
                    return false;
                }
                Truncated(at, 0);
                return false;
            }
            var header = Aedat3PacketHeader.Parse(Window.Span);
            var problem = header.Problem(Window.Remaining - Aedat3PacketHeader.Size);
            if (problem is not null)
            {
                if (!Lenient)
                {
                    throw Window.Damaged(at, $"{BadPacket}: {problem}");
                }
                if (!Resynchronise())
                {
                    return false;
                }
                continue;
            }
            Window.Advance(Aedat3PacketHeader.Size);
            if (header.EventType != Aedat3PacketHeader.PolarityType)
            {
                PacketsSkipped++;
                SkippedWordCount += header.EventNumber;
                if (!SkipBody(header.BodyBytes, header.EventNumber))
                {
                    return false;
                }
                continue;
            }
            _timeHigh = (long)header.TimestampOverflow << 31;
            _eventsLeft = header.EventNumber;
            _bytesAfterEvents = (long)(header.EventCapacity - header.EventNumber) * header.EventSize;
            if (_eventsLeft == 0 && _bytesAfterEvents == 0)
            {
                continue;
            }
            return true;
        }
    }

    private bool SkipBody(long bytes, int events)
    {
        var at = Window.Position;
        if (Window.Skip(bytes))
        {
            return true;
        }
        Truncated(at, events);
        return false;
    }

    /// <summary>Lenient: scans forward, one byte at a time, to the next plausible packet header.</summary>
    private bool Resynchronise()
    {
        var start = Window.Position;
        Window.Advance(1);
        while (Window.Ensure(Aedat3PacketHeader.Size))
        {
            var span = Window.Span;
            var limit = span.Length - Aedat3PacketHeader.Size;
            for (var i = 0; i <= limit; i++)
            {
                var candidate = Aedat3PacketHeader.Parse(span[i..]);
                if (IsPlausible(candidate) && candidate.Problem(Window.Remaining - i - Aedat3PacketHeader.Size) is null)
                {
                    Window.Advance(i);
                    Damage(start, Window.Position - start, 0, BadPacket);
                    return true;
                }
            }
            Window.Advance(limit + 1);
        }
        var rest = Window.Count;
        Window.Advance(rest);
        Damage(start, Window.Position - start, 0, BadPacket);
        return false;
    }

    // Stricter than Problem(): what libcaer actually writes, so garbage rarely passes as a header.
    private static bool IsPlausible(Aedat3PacketHeader h) =>
        h.EventType is >= 0 and <= 12 &&
        h.EventCapacity == h.EventNumber && h.EventNumber > 0 &&
        h.EventSize <= 1 << 20 &&
        (h.EventType > Aedat3PacketHeader.PolarityType || h.EventSize == 8);

    private void Truncated(long at, long eventsLost)
    {
        var rest = Window.Count;
        Damage(at, Window.Position + rest - at, eventsLost, "truncated: the file ends inside an AEDAT 3.1 packet");
        Window.Advance(rest);
        _eventsLeft = 0;
        _bytesAfterEvents = 0;
    }

    private void NegativeTimestamp(int ts)
    {
        if (!Lenient)
        {
            throw Window.Damaged(Window.Position + 4, string.Create(CultureInfo.InvariantCulture,
                $"polarity event timestamp {ts} is negative (expected 0…2^31-1)"));
        }
        Damage(Window.Position, 8, 1, "polarity event with a negative timestamp");
        Window.Advance(8);
        _eventsLeft--;
    }
}
