using Edge.Devices.Cameras.Edvs;
using Edge.Runtime.Events;

namespace Edge.Devices.Tests.Edvs;

/// <summary>
/// A deterministic eDVS stream as the board sends it after <c>!ET0</c>: events with the device's
/// polarity and timestamp encoding, optionally with one byte lost on the line.
/// </summary>
internal sealed record EdvsRecording(DvsEvent[] Events, byte[] Bytes, int DamagedEvent)
{
    public static EdvsRecording Create(EdvsEventFormat format, int count, long startUs, int seed, int dropByteOfEvent = -1, int dropOffset = 2)
    {
        var random = new Random(seed);
        var events = new DvsEvent[count];
        var size = format.EventSize();
        var tsBytes = format.TimestampBytes();
        var bytes = new List<byte>(count * size);
        var t = startUs;
        for (var i = 0; i < count; i++)
        {
            t += random.Next(0, 60);
            var e = new DvsEvent(t, (ushort)random.Next(128), (ushort)random.Next(128), (byte)random.Next(2));
            events[i] = e;
            var raw = (ulong)t & ((1UL << (8 * tsBytes)) - 1);
            var encoded = new byte[size];
            encoded[0] = (byte)(0x80 | e.Y);
            encoded[1] = (byte)((e.IsOn ? 0 : 0x80) | e.X);
            for (var k = 0; k < tsBytes; k++)
            {
                encoded[2 + k] = (byte)(raw >> (8 * (tsBytes - 1 - k)));
            }
            if (i == dropByteOfEvent)
            {
                encoded = [.. encoded[..dropOffset], .. encoded[(dropOffset + 1)..]];
            }
            bytes.AddRange(encoded);
        }
        return new EdvsRecording(events, [.. bytes], dropByteOfEvent);
    }

    /// <summary>Decodes <see cref="Bytes"/> in one go with a fresh decoder (the reference result).</summary>
    public (List<DvsEvent> Events, EdvsDecoder Decoder) DecodeAll(EdvsEventFormat format, bool endOfStream)
    {
        var decoder = new EdvsDecoder(format);
        var destination = new DvsEvent[Events.Length + 16];
        var n = decoder.Decode(Bytes, destination, out _, endOfStream);
        return ([.. destination.AsSpan(0, n)], decoder);
    }
}
