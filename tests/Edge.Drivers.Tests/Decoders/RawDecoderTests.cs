using Edge.Drivers.Formats;
using Edge.Drivers.Formats.Evt2;
using Edge.Drivers.Formats.Evt3;
using Edge.Drivers.Tests.Support;
using Edge.Runtime.Events;

namespace Edge.Drivers.Tests.Decoders;

/// <summary>The incremental EVT decoders, as a live stream would drive them.</summary>
public sealed class RawDecoderTests
{
    [Theory]
    [InlineData("evt2/evt2_sample.raw", EventFormat.Evt2, 11)]
    [InlineData("evt3/evt3_sample.raw", EventFormat.Evt3, 12)]
    [InlineData("evt3/evt3_sample_small.raw", EventFormat.Evt3, 13)]
    public void Any_split_of_input_and_output_gives_the_file_decode(string sample, EventFormat format, int seed)
    {
        var bytes = SampleFiles.Bytes(sample);
        var expected = Decoded.All(SampleFiles.Path(sample));
        IRawEventDecoder decoder = format == EventFormat.Evt2 ? new Evt2Decoder() : new Evt3Decoder();
        var random = new Random(seed);
        var output = new List<DvsEvent>(expected.Count);
        var room = new DvsEvent[13];
        var input = bytes.AsSpan(SampleFiles.HeaderLength(bytes, (byte)'%'));
        while (!input.IsEmpty)
        {
            var chunk = input[..Math.Min(input.Length, random.Next(1, 10))];
            input = input[chunk.Length..];
            while (!chunk.IsEmpty)
            {
                var n = decoder.Decode(chunk, room.AsSpan(0, random.Next(1, room.Length + 1)), out var consumed);
                output.AddRange(room.AsSpan(0, n));
                chunk = chunk[consumed..];
            }
        }
        int rest;
        while ((rest = decoder.Decode([], room, out _)) > 0)
        {
            output.AddRange(room.AsSpan(0, rest));
        }
        Assert.Equal(0, decoder.PendingBytes);
        Assert.Equal(expected, output);
    }

    [Fact]
    public void Evt3_vector_words_resume_when_the_output_fills()
    {
        // TIME_HIGH 1, TIME_LOW 5, ADDR_Y 7, VECT_BASE_X 100 (ON), VECT_12 all twelve bits set.
        byte[] words = [0x01, 0x80, 0x05, 0x60, 0x07, 0x00, 0x64, 0x38, 0xFF, 0x4F];
        var decoder = new Evt3Decoder();
        var events = new List<DvsEvent>();
        var room = new DvsEvent[5];
        var n = decoder.Decode(words, room, out var consumed);
        Assert.Equal(words.Length, consumed);
        events.AddRange(room.AsSpan(0, n));
        while ((n = decoder.Decode([], room, out _)) > 0)
        {
            events.AddRange(room.AsSpan(0, n));
        }
        Assert.Equal(12, events.Count);
        for (var i = 0; i < 12; i++)
        {
            Assert.Equal(new DvsEvent(4096 + 5, (ushort)(100 + i), 7, 1), events[i]);
        }
    }

    [Fact]
    public void Words_before_the_first_time_high_are_skipped_and_counted()
    {
        // EVT 2.0: a CD_ON word, then TIME_HIGH 2, then CD_OFF at x=3, y=4, ts=5.
        uint[] words = [0x1000_0000, 0x8000_0002, (5u << 22) | (3u << 11) | 4u];
        var bytes = words.SelectMany(BitConverter.GetBytes).ToArray();
        var decoder = new Evt2Decoder();
        var room = new DvsEvent[4];
        Assert.Equal(1, decoder.Decode(bytes, room, out _));
        Assert.Equal(new DvsEvent(128 + 5, 3, 4, 0), room[0]);
        Assert.Equal(1, decoder.WordsSkipped);
    }

    [Fact]
    public void Vendor_and_reserved_words_are_skipped_and_counted_not_fatal()
    {
        // EVT 3.0: TIME_HIGH, then OTHERS (0xE), CONTINUED_12 (0xF), reserved 0x9, padding 0x9999, then an event.
        ushort[] words = [0x8001, 0xE123, 0xF456, 0x9000, 0x9999, 0x0002, 0x2801];
        var bytes = words.SelectMany(BitConverter.GetBytes).ToArray();
        var decoder = new Evt3Decoder();
        var room = new DvsEvent[4];
        Assert.Equal(1, decoder.Decode(bytes, room, out _));
        Assert.Equal(new DvsEvent(4096, 1, 2, 1), room[0]);
        Assert.Equal(4, decoder.WordsSkipped);
    }

    [Fact]
    public void Time_offset_is_added_to_every_event()
    {
        uint[] words = [0x8000_0001, 0x1000_0000 | (7u << 22)];
        var bytes = words.SelectMany(BitConverter.GetBytes).ToArray();
        var decoder = new Evt2Decoder(timeOffsetUs: 1_000_000_000_000);
        var room = new DvsEvent[1];
        decoder.Decode(bytes, room, out _);
        Assert.Equal(1_000_000_000_000 + 64 + 7, room[0].T);
    }
}
