using System.Buffers.Binary;
using System.Globalization;
using Edge.Drivers.Formats.Io;
using Edge.Runtime.Events;

namespace Edge.Drivers.Formats.Aedat4;

/// <summary>
/// Reads iniVation DV AEDAT 4.0 files: packets <c>int32 streamId; int32 size; payload</c> after
/// the IOHeader, up to the file data table. Packets of the first EVTS stream are decompressed and
/// decoded as they stream through fixed buffers; packets of other streams (IMU, triggers, frames,
/// unknown types) are skipped by size and counted.
/// </summary>
public sealed class Aedat4Reader : EventFileReader
{
    private const string BadPacketHeader = "damaged AEDAT 4 packet header";
    private const string DamagedPacket = "damaged AEDAT 4 packet";

    private readonly PayloadDecoder _payload;
    private readonly EventPacketStream _packet;
    private readonly int _eventStream = -1;
    private readonly int[] _streamIds;
    private readonly string[] _streamTypes;
    private readonly long _dataEnd;
    private long _packetStart;
    private bool _inPacket;

    private Aedat4Reader(ByteWindow window, Aedat4Header header, EventFileOptions options)
        : base(window, EventFormat.Aedat4, EventStream(header)?.Geometry, options)
    {
        Header = header;
        _eventStream = EventStream(header)?.Id ?? -1;
        _streamIds = [.. header.Streams.Select(s => s.Id)];
        _streamTypes = [.. header.Streams.Select(s => s.TypeIdentifier)];
        _dataEnd = header.FileDataPosition >= 0 ? header.FileDataPosition : long.MaxValue;
        if (window.Length is { } length && header.FileDataPosition > length)
        {
            if (!options.Lenient)
            {
                throw window.Damaged(header.ByteLength, string.Create(CultureInfo.InvariantCulture,
                    $"the IOHeader puts the file data table at byte {header.FileDataPosition}, past the end of the file ({length} bytes): truncated?"));
            }
            // Truncated: salvage the packets up to the end of the file.
            _dataEnd = long.MaxValue;
        }
        _payload = PayloadDecoder.Create(header.Compression, window);
        _packet = new EventPacketStream(window, _payload);
    }

    /// <summary>The file's header: compression, file data table position and streams.</summary>
    public Aedat4Header Header { get; }

    /// <summary>Packets of other streams (IMU, triggers, frames, further event streams) skipped so far.</summary>
    public long PacketsSkipped { get; private set; }

    internal static Aedat4Reader Open(ByteWindow window, EventFileOptions options) =>
        new(window, Aedat4Header.Read(window), options);

    private static Aedat4StreamInfo? EventStream(Aedat4Header header)
    {
        Aedat4StreamInfo? first = null;
        foreach (var stream in header.Streams)
        {
            if (stream.TypeIdentifier == "EVTS" && (first is null || stream.Id < first.Id))
            {
                first = stream;
            }
        }
        return first;
    }

    private protected override int ReadCore(Span<DvsEvent> destination)
    {
        var written = 0;
        while (written < destination.Length)
        {
            try
            {
                if (!_inPacket)
                {
                    if (!NextEventPacket())
                    {
                        break;
                    }
                    continue;
                }
                var n = _packet.Read(destination[written..]);
                written += n;
                if (n == 0)
                {
                    _packet.Finish();
                    _inPacket = false;
                }
            }
            catch (EventStreamException) when (Lenient && _inPacket)
            {
                SkipRestOfPacket();
            }
        }
        return written;
    }

    /// <summary>Moves to the next packet of the event stream; false at the end of the packets.</summary>
    private bool NextEventPacket()
    {
        while (true)
        {
            var at = Window.Position;
            if (at >= _dataEnd)
            {
                return false;
            }
            if (!Window.Ensure(8))
            {
                if (Window.Count == 0 && _dataEnd == long.MaxValue)
                {
                    return false;
                }
                var rest = Window.Count;
                Damage(at, rest, 0, "truncated: the file ends before its file data table or inside a packet header");
                Window.Advance(rest);
                return false;
            }
            var streamId = BinaryPrimitives.ReadInt32LittleEndian(Window.Span);
            var size = BinaryPrimitives.ReadInt32LittleEndian(Window.Span[4..]);
            var problem = PacketProblem(at, streamId, size);
            if (problem is not null)
            {
                if (!Lenient)
                {
                    throw Window.Damaged(at, $"{BadPacketHeader}: {problem}");
                }
                if (!Resynchronise())
                {
                    return false;
                }
                continue;
            }
            Window.Advance(8);
            if (streamId != _eventStream)
            {
                PacketsSkipped++;
                if (!Window.Skip(size))
                {
                    Damage(at, Window.Position - at, 0, "truncated: the file ends inside a packet");
                    return false;
                }
                continue;
            }
            _packetStart = at;
            _inPacket = true;
            _packet.Begin(size);
            return true;
        }
    }

    private string? PacketProblem(long at, int streamId, int size)
    {
        if (!IsDeclared(streamId))
        {
            return string.Create(CultureInfo.InvariantCulture, $"stream id {streamId} is not declared in the IOHeader");
        }
        if (size <= 0)
        {
            return string.Create(CultureInfo.InvariantCulture, $"packet size {size} (expected a positive size)");
        }
        var limit = Math.Min(_dataEnd, Window.Length ?? long.MaxValue);
        if (at + 8 + size > limit)
        {
            return string.Create(CultureInfo.InvariantCulture,
                $"packet of {size} bytes runs past {(limit == _dataEnd ? "the file data table" : "the end of the file")} at byte {limit}");
        }
        return null;
    }

    private bool IsDeclared(int streamId) => Array.IndexOf(_streamIds, streamId) >= 0;

    /// <summary>Lenient: drops the rest of a packet whose payload turned out damaged.</summary>
    private void SkipRestOfPacket()
    {
        var end = _packet.End;
        Salvage.Skip(_packetStart, end - _packetStart, _packet.EventsLeft, DamagedPacket);
        _inPacket = false;
        var here = Window.Position;
        if (here < end)
        {
            Window.Skip(end - here);
        }
    }

    /// <summary>Lenient: scans forward to the next plausible packet header.</summary>
    private bool Resynchronise()
    {
        var start = Window.Position;
        Window.Advance(1);
        const int probe = 8 + 12;
        while (Window.Ensure(probe) || Window.Count >= 8)
        {
            var span = Window.Span;
            var limit = span.Length - probe;
            for (var i = 0; i <= limit; i++)
            {
                if (IsPlausiblePacket(Window.Position + i, span[i..]))
                {
                    Window.Advance(i);
                    Damage(start, Window.Position - start, 0, BadPacketHeader);
                    return true;
                }
            }
            if (limit < 0)
            {
                break;
            }
            Window.Advance(limit + 1);
        }
        var rest = Window.Count;
        Window.Advance(rest);
        Damage(start, Window.Position - start, 0, BadPacketHeader);
        return false;
    }

    private bool IsPlausiblePacket(long at, ReadOnlySpan<byte> bytes)
    {
        var streamId = BinaryPrimitives.ReadInt32LittleEndian(bytes);
        var size = BinaryPrimitives.ReadInt32LittleEndian(bytes[4..]);
        if (size < 12 || PacketProblem(at, streamId, size) is not null)
        {
            return false;
        }
        var payload = bytes[8..];
        var magic = BinaryPrimitives.ReadUInt32LittleEndian(payload);
        return Header.Compression switch
        {
            Aedat4Compression.None => IsDeclaredType(streamId, payload.Slice(8, 4)),
            Aedat4Compression.Lz4 or Aedat4Compression.Lz4High => magic == 0x184D2204,
            _ => magic == 0xFD2FB528,
        };
    }

    private bool IsDeclaredType(int streamId, ReadOnlySpan<byte> identifier)
    {
        var index = Array.IndexOf(_streamIds, streamId);
        if (index < 0 || _streamTypes[index].Length != identifier.Length)
        {
            return false;
        }
        for (var i = 0; i < identifier.Length; i++)
        {
            if (identifier[i] != _streamTypes[index][i])
            {
                return false;
            }
        }
        return true;
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing && _payload is IDisposable disposable)
        {
            disposable.Dispose();
        }
        base.Dispose(disposing);
    }
}
