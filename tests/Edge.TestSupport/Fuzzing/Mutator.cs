using System.Buffers.Binary;

namespace Edge.TestSupport.Fuzzing;

/// <summary>
/// Seeded mutations of a seed input, the kinds hostile or damaged files show: bit flips, a
/// truncation, a splice with another seed, a length or count field set to a boundary value, a run
/// of bytes overwritten, inserted or deleted, and for text a number replaced by an extreme one.
/// The same seed gives the same cases on every machine.
/// </summary>
public sealed class Mutator(int seed)
{
    private static readonly uint[] Boundary32 = [0, 1, 2, 7, 8, 0x7F, 0x80, 0xFF, 0x100, 0xFFFF, 0x10000, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFF, 0xFFFFFFFE];
    private static readonly string[] ExtremeNumbers =
        ["0", "-1", "-0", "1e308", "-1e308", "1e-320", "2147483647", "2147483648", "-2147483649", "9223372036854775808", "4294967296", "NaN", "1e9", "0.0000001", "999999999999999999999999"];

    private readonly Random _random = new(seed);

    /// <summary>One mutation of <paramref name="input"/> (<paramref name="other"/>: another seed to splice with); <paramref name="description"/> says which.</summary>
    public byte[] Mutate(byte[] input, byte[] other, bool text, out string description)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(other);
        if (input.Length == 0)
        {
            description = "empty";
            return input;
        }
        var kind = _random.Next(text ? 8 : 7);
        var at = Position(input.Length);
        switch (kind)
        {
            case 0:
                var flipped = (byte[])input.Clone();
                var flips = _random.Next(1, 9);
                for (var i = 0; i < flips; i++)
                {
                    flipped[Position(flipped.Length)] ^= (byte)(1 << _random.Next(8));
                }
                description = $"{flips} bit(s) flipped";
                return flipped;
            case 1:
                description = $"truncated to {at} bytes";
                return input[..at];
            case 2:
                var from = other.Length == 0 ? 0 : _random.Next(other.Length);
                var take = other.Length == 0 ? 0 : _random.Next(1, Math.Min(other.Length - from, 4096) + 1);
                var keep = _random.Next(2) == 0 ? input.Length : at + _random.Next(input.Length - at + 1);
                description = $"bytes {from}..{from + take} of another seed spliced in at {at} (the rest from {keep})";
                return [.. input.AsSpan(0, at), .. other.AsSpan(from, take), .. input.AsSpan(keep)];
            case 3:
                return LengthField(input, at, out description);
            case 4:
                var overwritten = (byte[])input.Clone();
                var run = Math.Min(_random.Next(1, 65), overwritten.Length - at);
                _random.NextBytes(overwritten.AsSpan(at, run));
                description = $"{run} byte(s) overwritten at {at}";
                return overwritten;
            case 5:
                var garbage = new byte[_random.Next(1, 65)];
                _random.NextBytes(garbage);
                description = $"{garbage.Length} byte(s) inserted at {at}";
                return [.. input.AsSpan(0, at), .. garbage, .. input.AsSpan(at)];
            case 6:
                var cut = Math.Min(_random.Next(1, 65), input.Length - at);
                description = $"{cut} byte(s) deleted at {at}";
                return [.. input.AsSpan(0, at), .. input.AsSpan(at + cut)];
            default:
                return Number(input, at, out description);
        }
    }

    /// <summary>A quarter of the positions fall in the first bytes, where headers are.</summary>
    private int Position(int length) => _random.Next(4) == 0 ? _random.Next(Math.Min(length, 300)) : _random.Next(length);

    /// <summary>A 1-, 2-, 4- or 8-byte field (either byte order) set to a boundary value, or to a nearby value ± small.</summary>
    private byte[] LengthField(byte[] input, int at, out string description)
    {
        var output = (byte[])input.Clone();
        var width = new[] { 1, 2, 4, 8 }[_random.Next(4)];
        at = Math.Min(at & ~(width - 1), output.Length - width);
        if (at < 0)
        {
            description = "field edit skipped (too short)";
            return output;
        }
        var span = output.AsSpan(at, width);
        var big = _random.Next(2) == 0;
        ulong value = _random.Next(3) == 0
            ? Read(span, big) + (ulong)(long)_random.Next(-8, 9)
            : Boundary32[_random.Next(Boundary32.Length)] | (width == 8 && _random.Next(2) == 0 ? 0xFFFF_FFFF_0000_0000UL : 0);
        Write(span, value, big);
        description = $"{width}-byte {(big ? "big" : "little")}-endian field at {at} set to {value}";
        return output;
    }

    private static ulong Read(Span<byte> span, bool big) => span.Length switch
    {
        1 => span[0],
        2 => big ? BinaryPrimitives.ReadUInt16BigEndian(span) : BinaryPrimitives.ReadUInt16LittleEndian(span),
        4 => big ? BinaryPrimitives.ReadUInt32BigEndian(span) : BinaryPrimitives.ReadUInt32LittleEndian(span),
        _ => big ? BinaryPrimitives.ReadUInt64BigEndian(span) : BinaryPrimitives.ReadUInt64LittleEndian(span),
    };

    private static void Write(Span<byte> span, ulong value, bool big)
    {
        switch (span.Length)
        {
            case 1:
                span[0] = (byte)value;
                break;
            case 2:
                if (big) { BinaryPrimitives.WriteUInt16BigEndian(span, (ushort)value); } else { BinaryPrimitives.WriteUInt16LittleEndian(span, (ushort)value); }
                break;
            case 4:
                if (big) { BinaryPrimitives.WriteUInt32BigEndian(span, (uint)value); } else { BinaryPrimitives.WriteUInt32LittleEndian(span, (uint)value); }
                break;
            default:
                if (big) { BinaryPrimitives.WriteUInt64BigEndian(span, value); } else { BinaryPrimitives.WriteUInt64LittleEndian(span, value); }
                break;
        }
    }

    /// <summary>Text: the number nearest <paramref name="at"/> replaced by an extreme one (the text's length fields).</summary>
    private byte[] Number(byte[] input, int at, out string description)
    {
        var start = at;
        while (start < input.Length && !IsNumberByte(input[start]))
        {
            start++;
        }
        if (start == input.Length)
        {
            start = Array.FindIndex(input, IsNumberByte);
            if (start < 0)
            {
                description = "number edit skipped (no number)";
                return input;
            }
        }
        var end = start;
        while (end < input.Length && (IsNumberByte(input[end]) || input[end] is (byte)'.' or (byte)'e' or (byte)'E' or (byte)'+'))
        {
            end++;
        }
        var replacement = ExtremeNumbers[_random.Next(ExtremeNumbers.Length)];
        description = $"number at {start} replaced by {replacement}";
        return [.. input.AsSpan(0, start), .. System.Text.Encoding.ASCII.GetBytes(replacement), .. input.AsSpan(end)];
    }

    private static bool IsNumberByte(byte b) => b is >= (byte)'0' and <= (byte)'9' or (byte)'-';
}
