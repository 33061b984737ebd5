using System.Buffers.Binary;
using Edge.Runtime.Events;

namespace Edge.Devices.Cameras.Caer;

/// <summary>
/// One libcaer event packet as it lies in memory (the AEDAT 3.1 layout, little-endian): a
/// 28-byte header (type, source, event size, timestamp offset, timestamp overflow, capacity,
/// number, valid) followed by the events.
/// </summary>
internal readonly ref struct CaerPacket
{
    public const int HeaderSize = 28;

    /// <summary>The largest packet read (16 MiB): libcaer's packets hold at most a few thousand events.</summary>
    public const int MaxBytes = 16 << 20;
    public const short SpecialType = 0;
    public const short PolarityType = 1;
    private const int TimestampResetCode = 1;

    private readonly ReadOnlySpan<byte> _bytes;

    public CaerPacket(ReadOnlySpan<byte> bytes)
    {
        _bytes = bytes;
    }

    public short Type => BinaryPrimitives.ReadInt16LittleEndian(_bytes);

    public int EventSize => BinaryPrimitives.ReadInt32LittleEndian(_bytes[4..]);

    public int TimestampOffset => BinaryPrimitives.ReadInt32LittleEndian(_bytes[8..]);

    public int TimestampOverflow => BinaryPrimitives.ReadInt32LittleEndian(_bytes[12..]);

    public int Capacity => BinaryPrimitives.ReadInt32LittleEndian(_bytes[16..]);

    public int Number => BinaryPrimitives.ReadInt32LittleEndian(_bytes[20..]);

    /// <summary>
    /// True when a polarity or special packet's header agrees with itself: events of at least 8
    /// bytes with the timestamp inside them, 0 ≤ number ≤ capacity, and a size up to
    /// <see cref="MaxBytes"/>. Only such a packet is read; its events then lie inside the block
    /// libcaer allocated for its capacity.
    /// </summary>
    public static bool IsConsistent(ReadOnlySpan<byte> header)
    {
        var eventSize = BinaryPrimitives.ReadInt32LittleEndian(header[4..]);
        var tsOffset = BinaryPrimitives.ReadInt32LittleEndian(header[8..]);
        var capacity = BinaryPrimitives.ReadInt32LittleEndian(header[16..]);
        var number = BinaryPrimitives.ReadInt32LittleEndian(header[20..]);
        return eventSize >= 8 && tsOffset >= 0 && tsOffset <= eventSize - 4 && number >= 0 && number <= capacity
            && HeaderSize + ((long)capacity * eventSize) <= MaxBytes;
    }

    /// <summary>Bytes of header and events, from the header's own fields.</summary>
    public static int TotalSize(ReadOnlySpan<byte> header) =>
        HeaderSize + (BinaryPrimitives.ReadInt32LittleEndian(header[16..]) * BinaryPrimitives.ReadInt32LittleEndian(header[4..]));

    /// <summary>The raw 32-bit data word of event <paramref name="index"/>.</summary>
    public uint Data(int index) => BinaryPrimitives.ReadUInt32LittleEndian(_bytes[(HeaderSize + (index * EventSize))..]);

    /// <summary>The 64-bit timestamp of event <paramref name="index"/>: overflow &lt;&lt; 31 | 31-bit stamp.</summary>
    public long Timestamp(int index) =>
        ((long)TimestampOverflow << 31) | (uint)BinaryPrimitives.ReadInt32LittleEndian(_bytes[(HeaderSize + (index * EventSize) + TimestampOffset)..]);

    /// <summary>True when event <paramref name="index"/> carries the valid mark (bit 0).</summary>
    public bool IsValid(int index) => (Data(index) & 1) != 0;

    /// <summary>
    /// Polarity event: x = bits 31..17, y = bits 16..2, polarity = bit 1 (1 = ON). libcaer has
    /// already turned every camera's raw addresses into this upper-left-origin, 1-is-ON form
    /// (including the DVS128's inverted polarity and flipped axes), so nothing is flipped here.
    /// </summary>
    public DvsEvent Polarity(int index)
    {
        var data = Data(index);
        return new DvsEvent(Timestamp(index), (ushort)((data >> 17) & 0x7FFF), (ushort)((data >> 2) & 0x7FFF), (byte)((data >> 1) & 1));
    }

    /// <summary>True when special event <paramref name="index"/> is a TIMESTAMP_RESET (type in bits 7..1).</summary>
    public bool IsTimestampReset(int index) => ((Data(index) >> 1) & 0x7F) == TimestampResetCode;
}
