using Edge.Devices.Cameras.Edvs;
using Edge.Runtime.Events;

namespace Edge.Devices.Tests.Edvs;

public class EdvsDecoderTests
{
    [Theory]
    [InlineData(EdvsEventFormat.E2)]
    [InlineData(EdvsEventFormat.E3)]
    [InlineData(EdvsEventFormat.E4)]
    public void Decodes_every_event_whatever_the_read_sizes(EdvsEventFormat format)
    {
        var recording = EdvsRecording.Create(format, count: 5000, startUs: 1000, seed: 7);
        var decoder = new EdvsDecoder(format);
        var decoded = DecodeInChunks(decoder, recording.Bytes, seed: 3);

        Assert.Equal(recording.Events, decoded);
        Assert.Equal(0, decoder.BytesSkipped);
        Assert.Equal(0, decoder.TimestampRepairs);
    }

    [Fact]
    public void Address_bytes_follow_the_board_layout_p_zero_is_on()
    {
        // 1yyyyyyy pxxxxxxx tttttttt tttttttt: y = 5, x = 7, p = 1 (OFF), t = 0x0102; then y = 0, x = 127, ON, t = 0x0103.
        byte[] bytes = [0x85, 0x87, 0x01, 0x02, 0x80, 0x7F, 0x01, 0x03];
        var events = new DvsEvent[4];

        var n = new EdvsDecoder(EdvsEventFormat.E2).Decode(bytes, events, out var consumed, endOfStream: true);

        Assert.Equal(2, n);
        Assert.Equal(8, consumed);
        Assert.Equal(new DvsEvent(0x0102, 7, 5, 0), events[0]);
        Assert.Equal(new DvsEvent(0x0103, 127, 0, 1), events[1]);
    }

    [Fact]
    public void Waits_for_the_byte_after_an_event_unless_the_stream_ended()
    {
        byte[] bytes = [0x85, 0x87, 0x01, 0x02];
        var events = new DvsEvent[1];
        var decoder = new EdvsDecoder(EdvsEventFormat.E2);

        Assert.Equal(0, decoder.Decode(bytes, events, out var consumed));
        Assert.Equal(0, consumed);
        Assert.Equal(1, decoder.Decode(bytes, events, out consumed, endOfStream: true));
        Assert.Equal(4, consumed);
    }

    [Fact]
    public void Unwraps_the_16_bit_timestamp()
    {
        var recording = EdvsRecording.Create(EdvsEventFormat.E2, count: 8000, startUs: 60_000, seed: 11);
        var (events, decoder) = recording.DecodeAll(EdvsEventFormat.E2, endOfStream: true);

        var expectedWraps = recording.Events[^1].T >> 16;
        Assert.True(expectedWraps >= 3);
        Assert.Equal(expectedWraps, decoder.TimestampWraps);
        Assert.Equal(recording.Events, events);
    }

    [Theory]
    [InlineData(EdvsEventFormat.E2, 2)]
    [InlineData(EdvsEventFormat.E2, 0)]
    [InlineData(EdvsEventFormat.E3, 3)]
    [InlineData(EdvsEventFormat.E4, 1)]
    public void Resyncs_after_a_lost_byte(EdvsEventFormat format, int lostOffset)
    {
        const int damaged = 1500;
        var recording = EdvsRecording.Create(format, count: 3000, startUs: 50_000, seed: 5, dropByteOfEvent: damaged, dropOffset: lostOffset);
        var (events, decoder) = recording.DecodeAll(format, endOfStream: true);

        Assert.True(decoder.BytesSkipped > 0);
        // Everything before the damage is intact (the event just before may be refused) …
        var intactBefore = damaged - 1;
        Assert.Equal(recording.Events.AsSpan(0, intactBefore).ToArray(), events.GetRange(0, intactBefore));
        // … and the stream locks on again within two events, with the right timestamps (no false wrap).
        var resumeAt = events.FindIndex(intactBefore, e => Array.IndexOf(recording.Events, e, damaged + 1) > 0);
        var firstAfter = Array.IndexOf(recording.Events, events[resumeAt], damaged + 1);
        Assert.InRange(firstAfter, damaged + 1, damaged + 3);
        Assert.Equal(recording.Events[firstAfter..], events[resumeAt..]);
        Assert.InRange(resumeAt - intactBefore, 0, 2);
        AssertMonotonic(events);
    }

    [Fact]
    public void Repairs_a_small_backward_jump_in_E3_instead_of_wrapping()
    {
        long[] raw = [5000, 5005, 5010, 5015, 5020, 5025, 4990, 5030, 5040, 5050, 5060];
        var bytes = raw.SelectMany(t => new[] { (byte)0x81, (byte)0x81, (byte)(t >> 16), (byte)(t >> 8), (byte)t }).ToArray();
        var events = new DvsEvent[raw.Length];
        var decoder = new EdvsDecoder(EdvsEventFormat.E3);

        Assert.Equal(raw.Length, decoder.Decode(bytes, events, out _, endOfStream: true));

        Assert.Equal([5000L, 5005, 5010, 5015, 5020, 5025, 5025, 5030, 5040, 5050, 5060], events.Select(e => e.T).ToArray());
        Assert.Equal(1, decoder.TimestampRepairs);
        Assert.Equal(0, decoder.TimestampWraps);
        Assert.Equal(0, decoder.BytesSkipped);
    }

    [Fact]
    public void Decoding_allocates_nothing()
    {
        var recording = EdvsRecording.Create(EdvsEventFormat.E2, count: 4096, startUs: 0, seed: 1);
        var decoder = new EdvsDecoder(EdvsEventFormat.E2);
        var events = new DvsEvent[256];
        decoder.Decode(recording.Bytes, events, out _);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var call = 0; call < 10_000; call++)
        {
            var offset = call % 4000 * 4;
            decoder.Decode(recording.Bytes.AsSpan(offset, 64), events, out _);
        }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private static List<DvsEvent> DecodeInChunks(EdvsDecoder decoder, byte[] bytes, int seed)
    {
        var random = new Random(seed);
        var pending = new List<byte>();
        var output = new List<DvsEvent>();
        var events = new DvsEvent[7];
        for (var offset = 0; offset < bytes.Length;)
        {
            var take = Math.Min(random.Next(1, 40), bytes.Length - offset);
            pending.AddRange(bytes.AsSpan(offset, take));
            offset += take;
            Drain(decoder, pending, output, events, endOfStream: false);
        }
        Drain(decoder, pending, output, events, endOfStream: true);
        return output;
    }

    private static void Drain(EdvsDecoder decoder, List<byte> pending, List<DvsEvent> output, DvsEvent[] events, bool endOfStream)
    {
        while (true)
        {
            var n = decoder.Decode(pending.ToArray(), events, out var consumed, endOfStream);
            pending.RemoveRange(0, consumed);
            output.AddRange(events.AsSpan(0, n));
            if (n == 0 && consumed == 0)
            {
                return;
            }
        }
    }

    internal static void AssertMonotonic(IReadOnlyList<DvsEvent> events)
    {
        for (var i = 1; i < events.Count; i++)
        {
            Assert.True(events[i].T >= events[i - 1].T, $"time went back at event {i}: {events[i - 1]} → {events[i]}");
        }
    }
}
