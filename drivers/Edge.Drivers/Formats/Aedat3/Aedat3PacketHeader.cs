using System.Buffers.Binary;

namespace Edge.Drivers.Formats.Aedat3;

/// <summary>The 28-byte little-endian header in front of every AEDAT 3.1 event packet.</summary>
internal readonly record struct Aedat3PacketHeader(
    short EventType,
    short EventSource,
    int EventSize,
    int TimestampOffset,
    int TimestampOverflow,
    int EventCapacity,
    int EventNumber,
    int EventValid)
{
    public const int Size = 28;

    public const short SpecialType = 0;
    public const short PolarityType = 1;
    public const int PolarityEventSize = 8;

    /// <summary>Largest packet body accepted (capacity × size); a larger declaration is damage.</summary>
    public const long MaxBodyBytes = int.MaxValue;

    /// <summary>Bytes of events following the header.</summary>
    public long BodyBytes => (long)EventCapacity * EventSize;

    public static Aedat3PacketHeader Parse(ReadOnlySpan<byte> bytes) => new(
        BinaryPrimitives.ReadInt16LittleEndian(bytes),
        BinaryPrimitives.ReadInt16LittleEndian(bytes[2..]),
        BinaryPrimitives.ReadInt32LittleEndian(bytes[4..]),
        BinaryPrimitives.ReadInt32LittleEndian(bytes[8..]),
        BinaryPrimitives.ReadInt32LittleEndian(bytes[12..]),
        BinaryPrimitives.ReadInt32LittleEndian(bytes[16..]),
        BinaryPrimitives.ReadInt32LittleEndian(bytes[20..]),
        BinaryPrimitives.ReadInt32LittleEndian(bytes[24..]));

    public void Write(Span<byte> bytes)
    {
        BinaryPrimitives.WriteInt16LittleEndian(bytes, EventType);
        BinaryPrimitives.WriteInt16LittleEndian(bytes[2..], EventSource);
        BinaryPrimitives.WriteInt32LittleEndian(bytes[4..], EventSize);
        BinaryPrimitives.WriteInt32LittleEndian(bytes[8..], TimestampOffset);
        BinaryPrimitives.WriteInt32LittleEndian(bytes[12..], TimestampOverflow);
        BinaryPrimitives.WriteInt32LittleEndian(bytes[16..], EventCapacity);
        BinaryPrimitives.WriteInt32LittleEndian(bytes[20..], EventNumber);
        BinaryPrimitives.WriteInt32LittleEndian(bytes[24..], EventValid);
    }

    /// <summary>What is wrong with this header, or null when it is consistent.</summary>
    public string? Problem(long? bytesAfterHeader)
    {
        if (EventType < 0)
        {
            return "negative event type";
        }
        if (EventSize <= 0 || TimestampOffset < 0 || TimestampOffset > EventSize - 4)
        {
            return "event size and timestamp offset are inconsistent";
        }
        if (EventType == PolarityType && (EventSize != PolarityEventSize || TimestampOffset != 4))
        {
            return "a polarity packet must have 8-byte events with the timestamp at offset 4";
        }
        if (TimestampOverflow < 0)
        {
            return "negative timestamp overflow";
        }
        if (EventValid < 0 || EventNumber < EventValid || EventCapacity < EventNumber)
        {
            return "event counts are inconsistent (need capacity >= number >= valid >= 0)";
        }
        if (BodyBytes > MaxBodyBytes)
        {
            return $"the packet declares {BodyBytes} bytes of events, more than the {MaxBodyBytes}-byte maximum";
        }
        if (bytesAfterHeader is { } left && BodyBytes > left)
        {
            return $"the packet declares {BodyBytes} bytes of events but only {left} remain in the file";
        }
        return null;
    }
}
