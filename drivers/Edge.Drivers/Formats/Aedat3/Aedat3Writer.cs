using System.Buffers.Binary;
using System.Globalization;
using Edge.Runtime.Events;

namespace Edge.Drivers.Formats.Aedat3;

/// <summary>
/// Writes libcaer AEDAT 3.1 files: the '#' header, then polarity packets (source 1, 8-byte events,
/// timestamp at offset 4). A packet closes when full or when the time's upper bits (the packet's
/// <c>eventTSOverflow</c> = t / 2^31) change, so any non-negative 63-bit time is kept exactly.
/// </summary>
public sealed class Aedat3Writer : EventFileWriter
{
    /// <summary>Default events per packet.</summary>
    public const int DefaultEventsPerPacket = 8192;

    private const short SourceId = 1;
    private const int MaxCoordinate = (1 << 15) - 1;

    private readonly byte[] _packet;
    private readonly int _capacity;
    private int _count;
    private long _overflow = -1;

    /// <summary>Creates a writer on <paramref name="stream"/>.</summary>
    /// <param name="stream">Destination; owned unless <paramref name="leaveOpen"/>.</param>
    /// <param name="geometry">Sensor array, named in the header (a known iniVation name where one fits).</param>
    /// <param name="leaveOpen">Keep the stream open after disposal.</param>
    /// <param name="eventsPerPacket">Events per polarity packet.</param>
    /// <param name="startTimeUtc">The header's start time; null writes the current time (a fixed one makes reproducible files).</param>
    public Aedat3Writer(Stream stream, SensorGeometry? geometry, bool leaveOpen = false, int eventsPerPacket = DefaultEventsPerPacket, DateTime? startTimeUtc = null)
        : base(stream, leaveOpen)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(eventsPerPacket);
        _capacity = eventsPerPacket;
        _packet = new byte[Aedat3PacketHeader.Size + (eventsPerPacket * Aedat3PacketHeader.PolarityEventSize)];
        var source = geometry is { } g ? KnownSensors.InivationName(g) ?? "Edge" : "Edge";
        var lines = new List<string>
        {
            "#!AER-DAT3.1",
            "#Format: RAW",
            string.Create(CultureInfo.InvariantCulture, $"#Source {SourceId}: {source}"),
            string.Create(CultureInfo.InvariantCulture, $"#Start-Time: {(startTimeUtc is { } start ? UtcText(start) : UtcNowText())} (TZ+0000)"),
        };
        if (geometry is { } size)
        {
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"{Aedat3Header.GeometryKey} {size.Width}x{size.Height}"));
        }
        lines.Add(Aedat3Header.EndLine);
        WriteLines(lines, "\r\n");
    }

    /// <inheritdoc />
    public override EventFormat Format => EventFormat.Aedat3;

    /// <inheritdoc />
    public override void Write(ReadOnlySpan<DvsEvent> events)
    {
        foreach (var e in events)
        {
            if (e.T < 0 || e.X > MaxCoordinate || e.Y > MaxCoordinate)
            {
                throw OutOfRange(string.Create(CultureInfo.InvariantCulture,
                    $"event {e} does not fit AEDAT 3.1 (x and y below 32768, time not negative)"));
            }
            var overflow = e.T >> 31;
            if (_count == _capacity || (_count > 0 && overflow != _overflow))
            {
                FlushPacket();
            }
            _overflow = overflow;
            var at = Aedat3PacketHeader.Size + (_count * Aedat3PacketHeader.PolarityEventSize);
            var data = ((uint)e.X << 17) | ((uint)e.Y << 2) | ((uint)(e.P != 0 ? 1 : 0) << 1) | 1u;
            BinaryPrimitives.WriteUInt32LittleEndian(_packet.AsSpan(at), data);
            BinaryPrimitives.WriteInt32LittleEndian(_packet.AsSpan(at + 4), (int)(e.T & int.MaxValue));
            _count++;
        }
        EventsWritten += events.Length;
    }

    private protected override void Finish() => FlushPacket();

    private void FlushPacket()
    {
        if (_count == 0)
        {
            return;
        }
        if (_overflow > int.MaxValue)
        {
            throw OutOfRange("AEDAT 3.1 times end at 2^62 µs");
        }
        new Aedat3PacketHeader(
            Aedat3PacketHeader.PolarityType, SourceId, Aedat3PacketHeader.PolarityEventSize, 4,
            (int)_overflow, _count, _count, _count).Write(_packet);
        WriteBytes(_packet.AsSpan(0, Aedat3PacketHeader.Size + (_count * Aedat3PacketHeader.PolarityEventSize)));
        _count = 0;
    }
}
