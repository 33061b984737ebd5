using System.Buffers.Binary;
using System.Globalization;
using Edge.Runtime.Events;

namespace Edge.Drivers.Formats.Aedat2;

/// <summary>
/// Writes jAER AEDAT 2.0 files for the chips jAER knows by their array size: DVS128 (128 × 128)
/// and DAVIS240/346/640. Coordinates are turned back into the chip's address layout (x mirrored,
/// origin lower-left). Timestamps are 32 bits: they must not decrease nor jump by 2^31 µs or more,
/// and a first timestamp beyond 2^32 µs is rebased with a "# edge_time_offset_us" header line.
/// </summary>
public sealed class Aedat2Writer : RebasingEventWriter
{
    private const long TimeWrap = 1L << 32;
    private const long MaxStep = 1L << 31;
    private const int RecordBytes = 8;

    private static readonly (int Width, int Height, string Chip)[] Chips =
    [
        (128, 128, "ch.unizh.ini.jaer.chip.retina.DVS128"),
        (240, 180, "eu.seebetter.ini.chips.davis.DAVIS240C"),
        (346, 260, "eu.seebetter.ini.chips.davis.Davis346B"),
        (640, 480, "eu.seebetter.ini.chips.davis.Davis640"),
    ];

    private readonly SensorGeometry _geometry;
    private readonly string _chip;
    private readonly bool _dvs128;
    private long _last = -1;

    /// <summary>Creates a writer on <paramref name="stream"/>.</summary>
    /// <param name="stream">Destination; owned unless <paramref name="leaveOpen"/>.</param>
    /// <param name="geometry">The sensor array; it picks the jAER chip (128², 240×180, 346×260, 640×480).</param>
    /// <param name="leaveOpen">Keep the stream open after disposal.</param>
    public Aedat2Writer(Stream stream, SensorGeometry geometry, bool leaveOpen = false) : base(stream, leaveOpen, TimeWrap)
    {
        _geometry = geometry;
        _chip = ChipFor(geometry) ?? throw OutOfRange(
            $"AEDAT 2.0 files name a jAER chip; none has a {geometry} array (DVS128 128x128, DAVIS 240x180, 346x260, 640x480)");
        _dvs128 = geometry.Width == 128 && geometry.Height == 128;
    }

    /// <inheritdoc />
    public override EventFormat Format => EventFormat.Aedat2;

    /// <summary>The jAER chip class for an array size, or null.</summary>
    public static string? ChipFor(SensorGeometry geometry)
    {
        foreach (var (width, height, chip) in Chips)
        {
            if (width == geometry.Width && height == geometry.Height)
            {
                return chip;
            }
        }
        return null;
    }

    /// <inheritdoc />
    public override void Write(ReadOnlySpan<DvsEvent> events)
    {
        if (events.IsEmpty)
        {
            return;
        }
        WriteHeaderBefore(events);
        var space = Reserve(RecordBytes);
        var bytes = 0;
        var maxX = _geometry.Width - 1;
        var maxY = _geometry.Height - 1;
        foreach (var e in events)
        {
            if (space.Length - bytes < RecordBytes)
            {
                Commit(bytes);
                space = Reserve(RecordBytes);
                bytes = 0;
            }
            var t = e.T - TimeOffsetUs;
            if (t < 0 || e.T < _last || (_last >= 0 && e.T - _last >= MaxStep) || e.X > maxX || e.Y > maxY)
            {
                Commit(bytes);
                throw OutOfRange(string.Create(CultureInfo.InvariantCulture,
                    $"event {e} does not fit AEDAT 2.0 for {_chip} (x < {_geometry.Width}, y < {_geometry.Height}, time rising by less than 2^31 µs a step; previous time {_last})"));
            }
            _last = e.T;
            int address;
            if (_dvs128)
            {
                address = ((127 - e.Y) << 8) | ((127 - e.X) << 1) | (e.P != 0 ? 0 : 1);
            }
            else
            {
                address = ((maxY - e.Y) << 22) | ((maxX - e.X) << 12) | ((e.P != 0 ? 1 : 0) << 11);
            }
            BinaryPrimitives.WriteInt32BigEndian(space[bytes..], address);
            BinaryPrimitives.WriteUInt32BigEndian(space[(bytes + 4)..], (uint)t);
            bytes += RecordBytes;
            EventsWritten++;
        }
        Commit(bytes);
    }

    private protected override void WriteHeader(long offset)
    {
        var lines = new List<string>
        {
            "#!AER-DAT2.0",
            "# This is a raw AE data file created by Edge",
            "# Data format is int32 address, int32 timestamp (8 bytes total), repeated for each event",
            "# Timestamps tick: 1 us",
            string.Create(CultureInfo.InvariantCulture, $"# Creation time: System.currentTimeMillis() {DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()}"),
            $"# AEChip: {_chip}",
        };
        if (offset != 0)
        {
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"{Aedat2Header.TimeOffsetKey} {offset}"));
        }
        WriteLines(lines, "\r\n");
    }
}
