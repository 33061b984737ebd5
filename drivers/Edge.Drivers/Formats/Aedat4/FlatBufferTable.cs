using System.Buffers.Binary;

namespace Edge.Drivers.Formats.Aedat4;

/// <summary>
/// Bounds-checked access to one FlatBuffers table inside a byte buffer: enough of the wire format
/// (vtables, scalars, strings, vectors) for the small AEDAT 4 schemas, without generated code.
/// Every accessor returns false instead of reading outside the buffer.
/// </summary>
internal readonly ref struct FlatBufferTable
{
    private readonly ReadOnlySpan<byte> _buffer;
    private readonly int _table;
    private readonly int _vtable;
    private readonly int _vtableLength;

    private FlatBufferTable(ReadOnlySpan<byte> buffer, int table, int vtable, int vtableLength)
    {
        _buffer = buffer;
        _table = table;
        _vtable = vtable;
        _vtableLength = vtableLength;
    }

    /// <summary>The root table of a (not size-prefixed) buffer.</summary>
    public static bool TryRoot(ReadOnlySpan<byte> buffer, out FlatBufferTable table)
    {
        table = default;
        return buffer.Length >= 8 && TryAt(buffer, (long)BinaryPrimitives.ReadUInt32LittleEndian(buffer), out table);
    }

    /// <summary>The table at <paramref name="position"/>.</summary>
    public static bool TryAt(ReadOnlySpan<byte> buffer, long position, out FlatBufferTable table)
    {
        table = default;
        if (position < 0 || position > buffer.Length - 4)
        {
            return false;
        }
        var vtable = position - BinaryPrimitives.ReadInt32LittleEndian(buffer[(int)position..]);
        if (vtable < 0 || vtable > buffer.Length - 4)
        {
            return false;
        }
        int length = BinaryPrimitives.ReadUInt16LittleEndian(buffer[(int)vtable..]);
        if (length < 4 || (length & 1) != 0 || vtable + length > buffer.Length)
        {
            return false;
        }
        table = new FlatBufferTable(buffer, (int)position, (int)vtable, length);
        return true;
    }

    /// <summary>
    /// Position of field <paramref name="index"/> in the buffer, or -1 when absent (default value).
    /// False when the field would lie outside the buffer.
    /// </summary>
    public bool TryField(int index, int size, out int position)
    {
        position = -1;
        var entry = 4 + (2 * index);
        if (entry + 2 > _vtableLength)
        {
            return true;
        }
        int offset = BinaryPrimitives.ReadUInt16LittleEndian(_buffer[(_vtable + entry)..]);
        if (offset == 0)
        {
            return true;
        }
        var at = (long)_table + offset;
        if (at + size > _buffer.Length)
        {
            return false;
        }
        position = (int)at;
        return true;
    }

    public bool TryInt32(int index, int defaultValue, out int value)
    {
        value = defaultValue;
        if (!TryField(index, 4, out var at))
        {
            return false;
        }
        if (at >= 0)
        {
            value = BinaryPrimitives.ReadInt32LittleEndian(_buffer[at..]);
        }
        return true;
    }

    public bool TryInt64(int index, long defaultValue, out long value)
    {
        value = defaultValue;
        if (!TryField(index, 8, out var at))
        {
            return false;
        }
        if (at >= 0)
        {
            value = BinaryPrimitives.ReadInt64LittleEndian(_buffer[at..]);
        }
        return true;
    }

    /// <summary>A vector of <paramref name="elementSize"/>-byte elements (strings: element size 1); empty when absent.</summary>
    public bool TryVector(int index, int elementSize, out ReadOnlySpan<byte> elements, out int count)
    {
        elements = default;
        count = 0;
        if (!TryField(index, 4, out var at))
        {
            return false;
        }
        if (at < 0)
        {
            return true;
        }
        var start = at + (long)BinaryPrimitives.ReadUInt32LittleEndian(_buffer[at..]);
        if (start > _buffer.Length - 4)
        {
            return false;
        }
        var n = BinaryPrimitives.ReadUInt32LittleEndian(_buffer[(int)start..]);
        var bytes = (long)n * elementSize;
        if (start + 4 + bytes > _buffer.Length)
        {
            return false;
        }
        elements = _buffer.Slice((int)start + 4, (int)bytes);
        count = (int)n;
        return true;
    }
}
