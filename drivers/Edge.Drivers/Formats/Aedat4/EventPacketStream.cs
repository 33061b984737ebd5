using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Edge.Drivers.Formats.Io;
using Edge.Runtime.Events;

namespace Edge.Drivers.Formats.Aedat4;

/// <summary>
/// Decodes one EVTS packet while it decompresses: finds the events vector in the FlatBuffer's
/// first bytes, then converts its 16-byte <c>Event { int64 t; int16 x; int16 y; bool on; }</c>
/// structs chunk by chunk, so a packet of any size passes through fixed buffers.
/// </summary>
internal sealed class EventPacketStream
{
    /// <summary>How far into the packet the root table, its vtable and the vector start may lie.</summary>
    public const int MaxHeadBytes = 256;

    private const int EventBytes = 16;

    private readonly ByteWindow _window;
    private readonly PayloadDecoder _payload;
    private readonly byte[] _head = new byte[MaxHeadBytes];
    private readonly byte[] _carry = new byte[EventBytes];
    private int _headCount;
    private ReadOnlyMemory<byte> _chunk;
    private ReadOnlyMemory<byte> _afterHead;
    private long _decoded;
    private long _declaredBytes;
    private long _payloadStart;

    public EventPacketStream(ByteWindow window, PayloadDecoder payload)
    {
        _window = window;
        _payload = payload;
    }

    /// <summary>Events of the current packet not yet delivered.</summary>
    public long EventsLeft { get; private set; }

    /// <summary>File offset just past the current packet's payload.</summary>
    public long End => _payload.End;

    /// <summary>Starts on the packet payload of <paramref name="compressedBytes"/> at the window position.</summary>
    public void Begin(long compressedBytes)
    {
        _payloadStart = _window.Position;
        _payload.Begin(compressedBytes);
        _chunk = default;
        _afterHead = default;
        _decoded = 0;
        _declaredBytes = long.MaxValue;
        _headCount = 0;
        EventsLeft = 0;

        // Size prefix, root offset and file identifier.
        Gather(12);
        _declaredBytes = BinaryPrimitives.ReadUInt32LittleEndian(_head) + 4L;
        if (_declaredBytes < 16)
        {
            throw Damaged(0, "the size prefix declares fewer bytes than a FlatBuffer header");
        }
        if (!_head.AsSpan(8, 4).SequenceEqual("EVTS"u8))
        {
            throw Damaged(8, "expected the EVTS FlatBuffer identifier");
        }
        var table = 4 + (long)BinaryPrimitives.ReadUInt32LittleEndian(_head.AsSpan(4));
        Gather(table + 4);
        var vtable = table - BinaryPrimitives.ReadInt32LittleEndian(_head.AsSpan((int)table));
        Gather(vtable + 4);
        int vtableLength = BinaryPrimitives.ReadUInt16LittleEndian(_head.AsSpan((int)vtable));
        if (vtableLength < 4)
        {
            throw Damaged(vtable, "invalid FlatBuffer vtable");
        }
        var field = 0;
        if (vtableLength >= 6)
        {
            Gather(vtable + 6);
            field = BinaryPrimitives.ReadUInt16LittleEndian(_head.AsSpan((int)vtable + 4));
        }
        if (field == 0)
        {
            return; // no elements vector: an empty packet
        }
        var slot = table + field;
        Gather(slot + 4);
        var vector = slot + BinaryPrimitives.ReadUInt32LittleEndian(_head.AsSpan((int)slot));
        Gather(vector + 4);
        long count = BinaryPrimitives.ReadUInt32LittleEndian(_head.AsSpan((int)vector));
        var first = vector + 4;
        if (first + (count * EventBytes) > _declaredBytes)
        {
            throw Damaged(vector, string.Create(CultureInfo.InvariantCulture,
                $"{count} events do not fit in the packet's {_declaredBytes} bytes"));
        }
        EventsLeft = count;
        // Vector bytes already gathered into the head come first, then the rest of the current chunk.
        _afterHead = _chunk;
        _chunk = _head.AsMemory((int)first, (int)(_headCount - first));
    }

    /// <summary>Decodes up to <paramref name="destination"/>.Length events; 0 when the packet has no more.</summary>
    public int Read(Span<DvsEvent> destination)
    {
        var written = 0;
        while (written < destination.Length && EventsLeft > 0)
        {
            if (_chunk.Length < EventBytes)
            {
                if (!_chunk.IsEmpty)
                {
                    destination[written++] = Decode(CompleteCarry());
                    EventsLeft--;
                    continue;
                }
                _chunk = NextChunk("the events vector");
                continue;
            }
            var span = _chunk.Span;
            var n = (int)Math.Min(Math.Min(span.Length / EventBytes, destination.Length - written), EventsLeft);
            ref var src = ref MemoryMarshal.GetReference(span);
            ref var dst = ref MemoryMarshal.GetReference(destination);
            for (var i = 0; i < n; i++)
            {
                Unsafe.Add(ref dst, written + i) = Decode(ref Unsafe.Add(ref src, i * EventBytes));
            }
            written += n;
            EventsLeft -= n;
            _chunk = _chunk[(n * EventBytes)..];
        }
        return written;
    }

    /// <summary>Decodes whatever follows the events and checks the payload has its declared size.</summary>
    public void Finish()
    {
        _chunk = default;
        _afterHead = default;
        while (true)
        {
            var chunk = _payload.Next();
            if (chunk.IsEmpty)
            {
                break;
            }
            _decoded += chunk.Length;
        }
        if (_decoded != _declaredBytes)
        {
            throw _window.Damaged(_payloadStart, string.Create(CultureInfo.InvariantCulture,
                $"EVTS packet decompresses to {_decoded} bytes but its size prefix declares {_declaredBytes}"));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static DvsEvent Decode(ref byte record)
    {
        var t = Unsafe.ReadUnaligned<long>(ref record);
        var xy = Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref record, 8));
        if (!BitConverter.IsLittleEndian)
        {
            t = BinaryPrimitives.ReverseEndianness(t);
            xy = BinaryPrimitives.ReverseEndianness(xy);
        }
        var on = Unsafe.Add(ref record, 12) != 0 ? (byte)1 : (byte)0;
        return new DvsEvent(t, (ushort)xy, (ushort)(xy >> 16), on);
    }

    private static DvsEvent Decode(ReadOnlySpan<byte> record) => Decode(ref MemoryMarshal.GetReference(record));

    /// <summary>Joins an event split across two decompressed chunks.</summary>
    private ReadOnlySpan<byte> CompleteCarry()
    {
        var have = _chunk.Length;
        _chunk.Span.CopyTo(_carry);
        _chunk = default;
        while (have < EventBytes)
        {
            var next = NextChunk("the events vector");
            var take = Math.Min(EventBytes - have, next.Length);
            next.Span[..take].CopyTo(_carry.AsSpan(have));
            have += take;
            _chunk = next[take..];
        }
        return _carry;
    }

    private ReadOnlyMemory<byte> NextChunk(string what)
    {
        if (!_afterHead.IsEmpty)
        {
            var rest = _afterHead;
            _afterHead = default;
            return rest;
        }
        var chunk = _payload.Next();
        if (chunk.IsEmpty)
        {
            throw Damaged(_decoded, $"the packet's data ends inside {what}");
        }
        _decoded += chunk.Length;
        if (_decoded > _declaredBytes)
        {
            throw Damaged(_declaredBytes, "the packet decompresses to more bytes than its size prefix declares");
        }
        return chunk;
    }

    /// <summary>Decodes until the head holds the first <paramref name="count"/> bytes of the packet.</summary>
    private void Gather(long count)
    {
        if (count < 0 || count > MaxHeadBytes)
        {
            throw Damaged(_headCount, "EVTS FlatBuffer tables lie outside the packet's first 256 bytes (damaged or unsupported layout)");
        }
        while (_headCount < count)
        {
            if (_chunk.IsEmpty)
            {
                _chunk = NextChunk("the FlatBuffer header");
            }
            var take = (int)Math.Min(count - _headCount, _chunk.Length);
            _chunk.Span[..take].CopyTo(_head.AsSpan(_headCount));
            _headCount += take;
            _chunk = _chunk[take..];
        }
    }

    private EventStreamException Damaged(long decompressedOffset, string problem) =>
        _window.Damaged(_payloadStart, string.Create(CultureInfo.InvariantCulture,
            $"EVTS packet, decompressed byte {decompressedOffset}: {problem}"));
}
