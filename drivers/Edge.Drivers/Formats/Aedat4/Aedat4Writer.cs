using System.Buffers.Binary;
using System.Globalization;
using Edge.Runtime.Events;
using K4os.Compression.LZ4;
using ZstdSharp;

namespace Edge.Drivers.Formats.Aedat4;

/// <summary>Options of an <see cref="Aedat4Writer"/>.</summary>
public sealed record Aedat4WriterOptions
{
    /// <summary>Packet compression (DV records LZ4 by default).</summary>
    public Aedat4Compression Compression { get; init; } = Aedat4Compression.Lz4;

    /// <summary>Events per EVTS packet.</summary>
    public int EventsPerPacket { get; init; } = 8192;

    /// <summary>Camera name recorded as the stream's source.</summary>
    public string Source { get; init; } = "Edge";
}

/// <summary>
/// Writes AEDAT 4.0 files as DV and dv-processing expect them: the version line, a size-prefixed
/// IOHeader FlatBuffer with the compression, file data table position (-1: none, readers rebuild
/// it) and the description XML of one "events" EVTS stream, then packets
/// <c>int32 streamId; int32 size; payload</c> whose payload is a size-prefixed EventPacket
/// FlatBuffer compressed as one LZ4 frame or Zstandard frame.
/// </summary>
public sealed class Aedat4Writer : EventFileWriter
{
    private const int StreamId = 0;
    private const int PacketHeadBytes = 32;
    private const int EventBytes = 16;

    private readonly SensorGeometry _geometry;
    private readonly Aedat4Compression _compression;
    private readonly int _capacity;
    private readonly byte[] _payload;
    private readonly byte[] _compressed;
    private readonly Lz4FrameEncoder? _lz4;
    private readonly Compressor? _zstd;
    private int _count;

    /// <summary>Creates a writer and writes the file header.</summary>
    /// <param name="stream">Destination; owned unless <paramref name="leaveOpen"/>.</param>
    /// <param name="geometry">Sensor array (sizeX, sizeY of the event stream); every event must lie on it.</param>
    /// <param name="options">Compression, packet size and source name.</param>
    /// <param name="leaveOpen">Keep the stream open after disposal.</param>
    public Aedat4Writer(Stream stream, SensorGeometry geometry, Aedat4WriterOptions? options = null, bool leaveOpen = false)
        : base(stream, leaveOpen)
    {
        options ??= new Aedat4WriterOptions();
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.EventsPerPacket);
        if (geometry.Width > short.MaxValue + 1 || geometry.Height > short.MaxValue + 1)
        {
            throw OutOfRange($"AEDAT 4.0 holds 16-bit coordinates; a {geometry} sensor does not fit");
        }
        _geometry = geometry;
        _compression = options.Compression;
        _capacity = options.EventsPerPacket;
        var packetBytes = PacketHeadBytes + ((long)_capacity * EventBytes);
        if (packetBytes > Lz4FrameEncoder.MaxPayloadBytes)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "too many events per packet");
        }
        _payload = new byte[packetBytes];
        switch (_compression)
        {
            case Aedat4Compression.None:
                _compressed = [];
                break;
            case Aedat4Compression.Lz4:
            case Aedat4Compression.Lz4High:
                _lz4 = new Lz4FrameEncoder(_payload.Length, _compression == Aedat4Compression.Lz4High ? LZ4Level.L09_HC : LZ4Level.L00_FAST);
                _compressed = new byte[_lz4.MaxFrameBytes];
                break;
            default:
                _zstd = new Compressor(_compression == Aedat4Compression.ZstdHigh ? 19 : 3);
                _compressed = new byte[Compressor.GetCompressBound(_payload.Length)];
                break;
        }
        WritePacketHead(_payload);
        WriteBytes(Aedat4Header.MagicBytes);
        WriteBytes(IoHeader(_compression, Aedat4Description.Events(geometry, _compression, options.Source)));
    }

    /// <inheritdoc />
    public override EventFormat Format => EventFormat.Aedat4;

    /// <inheritdoc />
    public override void Write(ReadOnlySpan<DvsEvent> events)
    {
        foreach (var e in events)
        {
            if (!_geometry.Contains(e.X, e.Y))
            {
                throw OutOfRange(string.Create(CultureInfo.InvariantCulture, $"event {e} lies outside the {_geometry} sensor"));
            }
            var record = _payload.AsSpan(PacketHeadBytes + (_count * EventBytes), EventBytes);
            BinaryPrimitives.WriteInt64LittleEndian(record, e.T);
            BinaryPrimitives.WriteInt16LittleEndian(record[8..], (short)e.X);
            BinaryPrimitives.WriteInt16LittleEndian(record[10..], (short)e.Y);
            record[12] = e.P != 0 ? (byte)1 : (byte)0;
            if (++_count == _capacity)
            {
                FlushPacket();
            }
        }
        EventsWritten += events.Length;
    }

    private protected override void Finish() => FlushPacket();

    private protected override void DisposeCore() => _zstd?.Dispose();

    private void FlushPacket()
    {
        if (_count == 0)
        {
            return;
        }
        var length = PacketHeadBytes + (_count * EventBytes);
        BinaryPrimitives.WriteUInt32LittleEndian(_payload, (uint)(length - 4));
        BinaryPrimitives.WriteUInt32LittleEndian(_payload.AsSpan(28), (uint)_count);
        ReadOnlySpan<byte> payload = _payload.AsSpan(0, length);
        if (_lz4 is not null)
        {
            payload = _compressed.AsSpan(0, _lz4.Encode(payload, _compressed));
        }
        else if (_zstd is not null)
        {
            payload = _compressed.AsSpan(0, _zstd.Wrap(payload, _compressed));
        }
        Span<byte> header = stackalloc byte[8];
        BinaryPrimitives.WriteInt32LittleEndian(header, StreamId);
        BinaryPrimitives.WriteInt32LittleEndian(header[4..], payload.Length);
        WriteBytes(header);
        WriteBytes(payload);
        _count = 0;
    }

    /// <summary>The fixed start of an EVTS packet: size prefix, root offset, identifier, vtable, table.</summary>
    private static void WritePacketHead(Span<byte> packet)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(packet[4..], 16);   // root table at 4 + 16
        "EVTS"u8.CopyTo(packet[8..]);
        BinaryPrimitives.WriteUInt16LittleEndian(packet[14..], 6);   // vtable: 6 bytes long,
        BinaryPrimitives.WriteUInt16LittleEndian(packet[16..], 8);   // table: 8 bytes,
        BinaryPrimitives.WriteUInt16LittleEndian(packet[18..], 4);   // field 0 (elements) at +4
        BinaryPrimitives.WriteInt32LittleEndian(packet[20..], 6);    // table → vtable 6 bytes back
        BinaryPrimitives.WriteUInt32LittleEndian(packet[24..], 4);   // elements vector 4 bytes on
    }

    /// <summary>
    /// The size-prefixed IOHeader FlatBuffer, laid out as DV writes it: the int64 file data table
    /// position sits 8-byte aligned and is always present, so it could be patched in place.
    /// </summary>
    private static byte[] IoHeader(Aedat4Compression compression, string description)
    {
        var text = System.Text.Encoding.UTF8.GetBytes(description);
        var unpadded = 4 + 44 + 4 + text.Length + 1;
        var total = (unpadded + 7) & ~7;
        var bytes = new byte[total];
        var buffer = bytes.AsSpan(4);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, (uint)(total - 4));
        BinaryPrimitives.WriteUInt32LittleEndian(buffer, 24);          // root table
        "IOHE"u8.CopyTo(buffer[4..]);
        BinaryPrimitives.WriteUInt16LittleEndian(buffer[14..], 10);    // vtable length
        BinaryPrimitives.WriteUInt16LittleEndian(buffer[16..], 20);    // table length
        BinaryPrimitives.WriteUInt16LittleEndian(buffer[18..], 4);     // compression
        BinaryPrimitives.WriteUInt16LittleEndian(buffer[20..], 12);    // file_data_position
        BinaryPrimitives.WriteUInt16LittleEndian(buffer[22..], 8);     // description
        BinaryPrimitives.WriteInt32LittleEndian(buffer[24..], 10);     // table → vtable
        BinaryPrimitives.WriteInt32LittleEndian(buffer[28..], (int)compression);
        BinaryPrimitives.WriteUInt32LittleEndian(buffer[32..], 12);    // description string at 44
        BinaryPrimitives.WriteInt64LittleEndian(buffer[36..], -1);
        BinaryPrimitives.WriteUInt32LittleEndian(buffer[44..], (uint)text.Length);
        text.CopyTo(buffer[48..]);
        return bytes;
    }
}
