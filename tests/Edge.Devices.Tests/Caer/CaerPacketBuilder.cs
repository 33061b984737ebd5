using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Edge.Devices.Tests.Caer;

/// <summary>
/// Builds libcaer packet containers in native memory (malloc, as libcaer does) with the exact
/// in-memory layout: packed container header, pointer slots, 28-byte packet headers, events.
/// </summary>
internal static unsafe class CaerPacketBuilder
{
    /// <summary>A polarity packet: (x, y, on, 31-bit timestamp) per event, plus an optional invalid one.</summary>
    public static byte[] Polarity(int tsOverflow, params (int X, int Y, bool On, int Ts, bool Valid)[] events)
    {
        var packet = Header(type: 1, eventSize: 8, tsOffset: 4, tsOverflow, events.Length);
        for (var i = 0; i < events.Length; i++)
        {
            var (x, y, on, ts, valid) = events[i];
            var data = ((uint)x << 17) | ((uint)y << 2) | (on ? 2u : 0u) | (valid ? 1u : 0u);
            BinaryPrimitives.WriteUInt32LittleEndian(packet.AsSpan(28 + (8 * i)), data);
            BinaryPrimitives.WriteInt32LittleEndian(packet.AsSpan(28 + (8 * i) + 4), ts);
        }
        return packet;
    }

    /// <summary>A special packet with one event of <paramref name="specialType"/> (1 = TIMESTAMP_RESET).</summary>
    public static byte[] Special(int specialType, int ts)
    {
        var packet = Header(type: 0, eventSize: 8, tsOffset: 4, tsOverflow: 0, count: 1);
        BinaryPrimitives.WriteUInt32LittleEndian(packet.AsSpan(28), ((uint)specialType << 1) | 1u);
        BinaryPrimitives.WriteInt32LittleEndian(packet.AsSpan(32), ts);
        return packet;
    }

    /// <summary>A packet of another type (e.g. 3 = IMU6, 36-byte events) that the reader must skip.</summary>
    public static byte[] Other(short type, int eventSize, int count) =>
        Header(type, eventSize, tsOffset: 4, tsOverflow: 0, count);

    /// <summary>Copies the packets into malloc'ed memory behind a container; null entries become null slots.</summary>
    public static nint Container(params byte[]?[] packets)
    {
        var size = 28 + (packets.Length * sizeof(nint));
        var container = (byte*)NativeMemory.AllocZeroed((nuint)size);
        *(long*)container = -1;
        *(long*)(container + 8) = -1;
        *(int*)(container + 24) = packets.Length;
        for (var i = 0; i < packets.Length; i++)
        {
            nint copy = 0;
            if (packets[i] is { } bytes)
            {
                copy = (nint)NativeMemory.Alloc((nuint)bytes.Length);
                bytes.CopyTo(new Span<byte>((void*)copy, bytes.Length));
            }
            System.Runtime.CompilerServices.Unsafe.WriteUnaligned(container + 28 + (i * sizeof(nint)), copy);
        }
        return (nint)container;
    }

    private static byte[] Header(short type, int eventSize, int tsOffset, int tsOverflow, int count)
    {
        var packet = new byte[28 + (eventSize * count)];
        BinaryPrimitives.WriteInt16LittleEndian(packet, type);
        BinaryPrimitives.WriteInt16LittleEndian(packet.AsSpan(2), 1);
        BinaryPrimitives.WriteInt32LittleEndian(packet.AsSpan(4), eventSize);
        BinaryPrimitives.WriteInt32LittleEndian(packet.AsSpan(8), tsOffset);
        BinaryPrimitives.WriteInt32LittleEndian(packet.AsSpan(12), tsOverflow);
        BinaryPrimitives.WriteInt32LittleEndian(packet.AsSpan(16), count);
        BinaryPrimitives.WriteInt32LittleEndian(packet.AsSpan(20), count);
        BinaryPrimitives.WriteInt32LittleEndian(packet.AsSpan(24), count);
        return packet;
    }
}
