using Edge.Drivers.Formats;
using Edge.Drivers.Tests.Support;

namespace Edge.Drivers.Tests.Samples;

/// <summary>Readers work on forward-only streams that deliver a few bytes at a time (pipes, sockets).</summary>
public sealed class PipeReadTests
{
    [Theory]
    [InlineData("aedat4/sample.aedat4")]
    [InlineData("evt2/evt2_sample.raw")]
    [InlineData("evt3/evt3_sample.raw")]
    [InlineData("prophesee_dat/dat_sample.dat")]
    [InlineData("nmnist/sample_nmnist.bin")]
    public void Samples_decode_the_same_from_a_trickling_pipe(string sample)
    {
        var expected = Decoded.All(SampleFiles.Path(sample));
        using var reader = EventFile.OpenRead(new TrickleStream(SampleFiles.Bytes(sample), seed: 17), Path.GetFileName(sample),
            new EventFileOptions { BufferBytes = 4096 });
        Assert.Null(reader.Length);
        Assert.Equal(expected, Decoded.All(reader, chunk: 100));
    }

    [Fact]
    public void Skipped_aedat3_packets_are_read_past_on_a_pipe()
    {
        var geometry = new Runtime.Events.SensorGeometry(128, 128);
        var events = Synthetic.Events(3000, geometry, 0, 40);
        var file = Synthetic.Write(EventFormat.Aedat3, geometry, events);
        var body = file.AsSpan().IndexOf("#!END-HEADER\r\n"u8) + 14;
        // A special-events packet (type 0) of 500 events in front of the polarity packets.
        var special = new byte[28 + (500 * 8)];
        BitConverter.TryWriteBytes(special.AsSpan(4), 8);
        BitConverter.TryWriteBytes(special.AsSpan(8), 4);
        BitConverter.TryWriteBytes(special.AsSpan(16), 500);
        BitConverter.TryWriteBytes(special.AsSpan(20), 500);
        byte[] withSpecial = [.. file.AsSpan(0, body), .. special, .. file.AsSpan(body)];
        using var reader = EventFile.OpenRead(new TrickleStream(withSpecial, seed: 3), "g.aedat", new EventFileOptions { BufferBytes = 4096 });
        Assert.Equal(events, Decoded.All(reader));
        Assert.Equal(1, ((Formats.Aedat3.Aedat3Reader)reader).PacketsSkipped);
        Assert.Equal(500, reader.Health.WordsSkipped);
    }
}
