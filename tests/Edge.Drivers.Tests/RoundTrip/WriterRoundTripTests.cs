using System.Text;
using Edge.Drivers.Formats;
using Edge.Drivers.Formats.Aedat4;
using Edge.Drivers.Formats.Evt2;
using Edge.Drivers.Formats.Nmnist;
using Edge.Drivers.Tests.Support;
using Edge.Runtime.Events;
using Edge.TestSupport;

namespace Edge.Drivers.Tests.RoundTrip;

/// <summary>Read → write → read gives the same events, for every writer.</summary>
public sealed class WriterRoundTripTests
{
    private const long Epoch = 1_605_537_493_718_345;

    [Theory]
    [InlineData(EventFormat.Aedat4, 640, 480, Epoch, 50)]
    [InlineData(EventFormat.Aedat3, 346, 260, (1L << 31) - 200_000, 50)]
    [InlineData(EventFormat.Aedat3, 128, 128, Epoch, 50)]
    [InlineData(EventFormat.Evt2, 1280, 720, Epoch, 50)]
    [InlineData(EventFormat.Evt2, 640, 480, 0, 3)]
    [InlineData(EventFormat.Evt3, 1280, 720, Epoch, 50)]
    [InlineData(EventFormat.Evt3, 320, 320, 123, 4000)]
    [InlineData(EventFormat.Dat, 304, 240, Epoch, 50)]
    [InlineData(EventFormat.Dat, 304, 240, (1L << 32) - 1_000_000, 200)]
    [InlineData(EventFormat.Nmnist, 34, 34, 0, 700)]
    [InlineData(EventFormat.Aedat2, 128, 128, 5, 50)]
    [InlineData(EventFormat.Aedat2, 346, 260, Epoch, 50)]
    [InlineData(EventFormat.Aedat2, 240, 180, (1L << 32) - 1_000_000, 200)]
    public void Synthetic_events_survive_a_round_trip(EventFormat format, int width, int height, long start, int maxStep)
    {
        var geometry = new SensorGeometry(width, height);
        var events = Synthetic.Events(30_000, geometry, start, maxStep);
        var bytes = Synthetic.Write(format, geometry, events);

        using var reader = EventFile.OpenRead(new MemoryStream(bytes), Synthetic.NameFor(format));
        Assert.Equal(format, reader.Format);
        Assert.Equal(format == EventFormat.Nmnist ? NmnistReader.NmnistGeometry : geometry, reader.Geometry);
        Assert.Equal(events, Decoded.All(reader, chunk: 777));
    }

    [Theory]
    [InlineData(Aedat4Compression.None)]
    [InlineData(Aedat4Compression.Lz4)]
    [InlineData(Aedat4Compression.Lz4High)]
    [InlineData(Aedat4Compression.Zstd)]
    public void Aedat4_round_trips_with_every_compression(Aedat4Compression compression)
    {
        var geometry = new SensorGeometry(320, 240);
        var events = Synthetic.Events(20_000, geometry, Epoch, 30);
        var stream = new MemoryStream();
        using (var writer = new Aedat4Writer(stream, geometry, new Aedat4WriterOptions { Compression = compression, EventsPerPacket = 3000 }, leaveOpen: true))
        {
            Synthetic.Write(writer, events);
        }
        using var reader = EventFile.OpenRead(new MemoryStream(stream.ToArray()), "x.aedat4");
        Assert.Equal(compression, ((Aedat4Reader)reader).Header.Compression);
        Assert.Equal(events, Decoded.All(reader));
    }

    [Theory]
    [InlineData("aedat4/sample.aedat4", EventFormat.Aedat4)]
    [InlineData("aedat4/sample.aedat4", EventFormat.Aedat3)]
    [InlineData("aedat4/sample.aedat4", EventFormat.Evt2)]
    [InlineData("aedat4/sample.aedat4", EventFormat.Evt3)]
    [InlineData("aedat4/sample.aedat4", EventFormat.Dat)]
    [InlineData("evt3/evt3_sample.raw", EventFormat.Aedat4)]
    [InlineData("evt3/evt3_sample.raw", EventFormat.Evt2)]
    [InlineData("evt2/evt2_sample.raw", EventFormat.Evt3)]
    [InlineData("evt2/evt2_sample.raw", EventFormat.Aedat3)]
    [InlineData("nmnist/sample_nmnist.bin", EventFormat.Nmnist)]
    [InlineData("nmnist/sample_nmnist.bin", EventFormat.Aedat4)]
    [InlineData("prophesee_dat/dat_sample.dat", EventFormat.Nmnist)]
    [InlineData("prophesee_dat/dat_sample.dat", EventFormat.Dat)]
    [InlineData("prophesee_dat/sample_ncars.dat", EventFormat.Evt3)]
    public void Samples_survive_a_round_trip(string sample, EventFormat target)
    {
        var path = SharedData.Resolve("data", "samples", sample);
        using var source = EventFile.OpenRead(path);
        var geometry = source.Geometry ?? new SensorGeometry(128, 128);
        var events = Decoded.All(source).ToArray();
        var bytes = Synthetic.Write(target, geometry, events);
        Assert.Equal(events, Decoded.All(bytes, Synthetic.NameFor(target)));
    }

    [Fact]
    public void Evt2_rebases_epoch_times_and_records_the_offset_in_its_header()
    {
        var events = Synthetic.Events(1000, new SensorGeometry(640, 480), Epoch, 100);
        var bytes = Synthetic.Write(EventFormat.Evt2, new SensorGeometry(640, 480), events);
        var text = Encoding.ASCII.GetString(bytes, 0, 300);
        Assert.Contains($"% {PropheseeHeader.TimeOffsetKey} {Epoch}\n", text, StringComparison.Ordinal);

        // Decoded without the offset (as other tools do), the file starts at 0.
        var body = bytes.AsSpan(text.IndexOf("% end\n", StringComparison.Ordinal) + 6).ToArray();
        var decoder = new Evt2Decoder();
        var raw = new DvsEvent[2000];
        var n = decoder.Decode(body, raw, out _);
        Assert.Equal(events.Length, n);
        Assert.Equal(0, raw[0].T);
        Assert.Equal(events[^1].T - Epoch, raw[n - 1].T);
    }

    [Fact]
    public void Evt2_keeps_time_across_its_34_bit_loop()
    {
        // 5 hours, one event a second: the EVT 2.0 time base loops at 2^34 µs (4 h 46 min).
        var events = new DvsEvent[5 * 3600];
        for (var i = 0; i < events.Length; i++)
        {
            events[i] = new DvsEvent(i * 1_000_000L, (ushort)(i % 640), (ushort)(i % 480), (byte)(i & 1));
        }
        var bytes = Synthetic.Write(EventFormat.Evt2, new SensorGeometry(640, 480), events);
        using var reader = EventFile.OpenRead(new MemoryStream(bytes), "long.raw");
        Assert.Equal(events, Decoded.All(reader));
        Assert.Equal(1, reader.TimestampWraps);
    }

    [Fact]
    public void Evt3_keeps_time_across_an_hour_of_24_bit_loops()
    {
        // One hour, an event every 10 ms, with a silent minute in the middle.
        var events = new List<DvsEvent>();
        for (long t = 0; t < 3600L * 1_000_000; t += 10_000)
        {
            if (t is < 1_800_000_000 or > 1_860_000_000)
            {
                events.Add(new DvsEvent(t, (ushort)(t % 1280), (ushort)(t % 720), (byte)(t / 10_000 & 1)));
            }
        }
        var bytes = Synthetic.Write(EventFormat.Evt3, new SensorGeometry(1280, 720), events.ToArray());
        using var reader = EventFile.OpenRead(new MemoryStream(bytes), "hour.raw");
        Assert.Equal(events, Decoded.All(reader));
        Assert.Equal(3600_000_000 / (1 << 24), reader.TimestampWraps);
    }

    [Fact]
    public void Nmnist_refuses_a_sensor_its_8_bit_coordinates_cannot_hold()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new NmnistWriter(new MemoryStream(), new SensorGeometry(1280, 720)));
        Assert.Contains("1280x720", ex.Message, StringComparison.Ordinal);
        using var writer = new NmnistWriter(new MemoryStream(), null);
        Assert.Throws<ArgumentOutOfRangeException>(() => writer.Write([new DvsEvent(0, 300, 5, 1)]));
    }

    [Fact]
    public void Aedat4_header_is_laid_out_as_dv_writes_it()
    {
        var bytes = Synthetic.Write(EventFormat.Aedat4, new SensorGeometry(346, 260), Synthetic.Events(10, new SensorGeometry(346, 260), Epoch, 5));
        Assert.Equal("#!AER-DAT4.0\r\n"u8.ToArray(), bytes[..14]);
        var length = BitConverter.ToInt32(bytes, 14);
        Assert.Equal(0, (4 + length) % 8);
        Assert.Equal("IOHE"u8.ToArray(), bytes[22..26]);
        using var reader = (Aedat4Reader)EventFile.OpenRead(new MemoryStream(bytes), "x.aedat4");
        Assert.Equal(-1, reader.Header.FileDataPosition);
        var stream = Assert.Single(reader.Header.Streams);
        Assert.Equal(new Aedat4StreamInfo(0, "EVTS", "events", "Edge", new SensorGeometry(346, 260)), stream);
        // First packet: stream 0, then an LZ4 frame holding a size-prefixed EVTS FlatBuffer.
        var packet = 18 + length;
        Assert.Equal(0, BitConverter.ToInt32(bytes, packet));
        Assert.Equal(0x184D2204u, BitConverter.ToUInt32(bytes, packet + 8));
    }
}
