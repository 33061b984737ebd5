using System.Buffers.Binary;

namespace Edge.Drivers.Formats;

/// <summary>
/// Tells EVT 2.0 from EVT 3.0 in a headerless RAW stream by its content: in the right encoding
/// nearly every word has a defined type and the TIME_HIGH words count up slowly; read in the
/// wrong one, reserved types appear and "TIME_HIGH" values jump around.
/// </summary>
internal static class RawEncodingGuess
{
    private const double MinValidShare = 0.95;
    private const double MinMonotonicShare = 0.9;

    /// <summary>The encoding of <paramref name="data"/> (the stream's first bytes), or null when neither fits.</summary>
    public static EventFormat? Guess(ReadOnlySpan<byte> data)
    {
        if (LooksLike(data, wordBytes: 4))
        {
            return EventFormat.Evt2;
        }
        if (LooksLike(data, wordBytes: 2))
        {
            return EventFormat.Evt3;
        }
        return null;
    }

    private static bool LooksLike(ReadOnlySpan<byte> data, int wordBytes)
    {
        var words = data.Length / wordBytes;
        if (words == 0)
        {
            return false;
        }
        var valid = 0;
        var timeHighs = 0;
        var forward = 0;
        long previous = -1;
        for (var i = 0; i < words; i++)
        {
            uint type;
            long timeHigh;
            if (wordBytes == 4)
            {
                var w = BinaryPrimitives.ReadUInt32LittleEndian(data[(i * 4)..]);
                type = w >> 28;
                timeHigh = w & 0x0FFF_FFFF;
                valid += type is 0x0 or 0x1 or 0x8 or 0xA or 0xE or 0xF ? 1 : 0;
            }
            else
            {
                var w = BinaryPrimitives.ReadUInt16LittleEndian(data[(i * 2)..]);
                type = (uint)(w >> 12);
                timeHigh = w & 0xFFF;
                valid += type is 0x9 or 0xB or 0xC or 0xD ? 0 : 1;
            }
            if (type == 0x8)
            {
                timeHighs++;
                // TIME_HIGH repeats or steps forward by one; a loop back to 0 is rare.
                if (previous >= 0 && timeHigh >= previous && timeHigh - previous <= 1)
                {
                    forward++;
                }
                previous = timeHigh;
            }
        }
        return valid >= MinValidShare * words && timeHighs >= 2 && forward >= MinMonotonicShare * (timeHighs - 1);
    }
}
