using Edge.Drivers.Formats;
using Edge.Drivers.Tests.Support;
using Edge.Runtime.Events;
using Edge.TestSupport;

namespace Edge.Drivers.Tests.Samples;

/// <summary>Every sample recording decodes to the golden values in shared/data/samples/SOURCES.md.</summary>
public sealed class SampleDecodeTests
{
    private static string Sample(string relative) => SharedData.Resolve("data", "samples", relative);

    [Theory]
    [InlineData("aedat4/sample.aedat4", EventFormat.Aedat4, 320, 240, 111_954, 1605537493718345L, 1605537494308262L, 55_023, 0, 319, 0, 239)]
    [InlineData("nmnist/sample_nmnist.bin", EventFormat.Nmnist, 34, 34, 4_325, 654L, 311_175L, 2_145, 0, 33, 0, 33)]
    [InlineData("prophesee_dat/sample_ncars.dat", EventFormat.Dat, 0, 0, 2_009, 0L, 99_952L, 1_350, 0, 77, 0, 41)]
    [InlineData("prophesee_dat/dat_sample.dat", EventFormat.Dat, 0, 0, 4_407, 0L, 99_937L, 1_671, 0, 53, 1, 60)]
    [InlineData("evt2/evt2_sample.raw", EventFormat.Evt2, 640, 480, 539_481, 1_317_888L, 1_367_888L, 367_855, 60, 599, 18, 475)]
    [InlineData("evt3/evt3_sample.raw", EventFormat.Evt3, 1280, 720, 219_596, 11_718_656L, 11_727_457L, 115_532, 0, 1279, 0, 719)]
    [InlineData("evt3/evt3_sample_small.raw", EventFormat.Evt3, 1280, 720, 5_000, 5_840_504L, 5_885_714L, 2_894, 11, 1279, 22, 698)]
    public void Sample_matches_its_golden_summary(
        string file, EventFormat format, int width, int height, int count, long tFirst, long tLast, int on,
        int xMin, int xMax, int yMin, int yMax)
    {
        using var reader = EventFile.OpenRead(Sample(file));
        Assert.Equal(format, reader.Format);
        Assert.Equal(width == 0 ? null : new SensorGeometry(width, height), reader.Geometry);
        var events = Decoded.All(reader);

        Assert.Equal(count, events.Count);
        Assert.Equal(tFirst, events[0].T);
        Assert.Equal(tLast, events[^1].T);
        Assert.Equal(on, events.Count(e => e.P == 1));
        Assert.All(events, e => Assert.True(e.P <= 1));
        Assert.Equal(xMin, events.Min(e => e.X));
        Assert.Equal(xMax, events.Max(e => e.X));
        Assert.Equal(yMin, events.Min(e => e.Y));
        Assert.Equal(yMax, events.Max(e => e.Y));
        for (var i = 1; i < events.Count; i++)
        {
            Assert.True(events[i].T >= events[i - 1].T, $"time goes back at event {i}");
        }
    }

    [Theory]
    [InlineData("aedat4/sample.aedat4", new long[] { 1605537493718345, 154, 204, 0, 1605537493718348, 149, 206, 0, 1605537493718349, 148, 199, 1 }, new long[] { 1605537494308262, 88, 237, 1 })]
    [InlineData("nmnist/sample_nmnist.bin", new long[] { 654, 7, 15, 1, 2999, 19, 18, 0, 3017, 21, 17, 0 }, new long[] { 311175, 21, 14, 1 })]
    [InlineData("prophesee_dat/sample_ncars.dat", new long[] { 0, 25, 8, 0, 35, 67, 35, 0, 152, 56, 27, 1 }, new long[] { 99952, 75, 28, 1 })]
    [InlineData("prophesee_dat/dat_sample.dat", new long[] { 0, 6, 18, 1, 66, 42, 35, 0, 89, 38, 19, 0 }, new long[] { 99937, 48, 47, 1 })]
    [InlineData("evt2/evt2_sample.raw", new long[] { 1317888, 237, 121, 1, 1317888, 246, 121, 1, 1317888, 248, 132, 1 }, new long[] { 1367888, 210, 142, 1 })]
    [InlineData("evt3/evt3_sample.raw", new long[] { 11718656, 874, 200, 0, 11718656, 806, 200, 1, 11718656, 882, 201, 0 }, new long[] { 11727457, 1218, 572, 1 })]
    [InlineData("evt3/evt3_sample_small.raw", new long[] { 5840504, 707, 297, 0, 5840507, 592, 301, 0, 5840511, 997, 313, 0 }, new long[] { 5885714, 598, 260, 0 })]
    public void Sample_first_and_last_events_match(string file, long[] firstThree, long[] last)
    {
        var events = Decoded.All(Sample(file));
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(Event(firstThree, i), events[i]);
        }
        Assert.Equal(Event(last, 0), events[^1]);
    }

    [Fact]
    public void Evt3_time_high_step_is_not_double_counted()
    {
        // SOURCES.md: "TH:1425 TL:4095 … TH:1426 TL:1 TL:13 Y:301 X:594" must give t = 1426·4096 + 13.
        var events = Decoded.All(Sample("evt3/evt3_sample_small.raw"));
        var e = events.First(e => e.X == 594 && e.Y == 301);
        Assert.Equal(5_840_909, e.T);
    }

    [Fact]
    public void Dat_sample_matches_the_expected_npy_element_wise()
    {
        var expected = NpyEvents.Read(Sample("prophesee_dat/dat_sample.expected.npy"));
        var events = Decoded.All(Sample("prophesee_dat/dat_sample.dat"));
        Assert.Equal(expected.Count, events.Count);
        for (var i = 0; i < events.Count; i++)
        {
            Assert.Equal(expected[i], events[i]);
        }
    }

    [Fact]
    public void Aedat2_header_only_sample_gives_its_header_and_no_events()
    {
        using var reader = EventFile.OpenRead(Sample("aedat2/sample_aedat_header.aedat"));
        var aedat2 = Assert.IsType<Formats.Aedat2.Aedat2Reader>(reader);
        Assert.Equal("2.0", aedat2.Header.Version);
        Assert.Equal("eu.seebetter.ini.chips.davis.Davis346red", aedat2.Header.ChipClass);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1695355587880), aedat2.Header.CreationTime);
        Assert.Equal(12, aedat2.Header.Lines.Count);
        Assert.Equal(new SensorGeometry(346, 260), reader.Geometry);
        Assert.Empty(Decoded.All(reader));
    }

    [Fact]
    public void Aedat4_sample_declares_its_streams_and_skips_imu_packets()
    {
        using var reader = EventFile.OpenRead(Sample("aedat4/sample.aedat4"));
        var aedat4 = Assert.IsType<Formats.Aedat4.Aedat4Reader>(reader);
        Assert.Equal(Formats.Aedat4.Aedat4Compression.Lz4, aedat4.Header.Compression);
        Assert.Equal(945243, aedat4.Header.FileDataPosition);
        Assert.Equal(["EVTS", "IMUS", "TRIG"], aedat4.Header.Streams.Select(s => s.TypeIdentifier));
        Assert.Equal(111_954, Decoded.All(reader).Count);
        Assert.Equal(59, aedat4.PacketsSkipped);
    }

    [Fact]
    public void Evt2_sample_counts_no_skipped_words()
    {
        using var reader = EventFile.OpenRead(Sample("evt2/evt2_sample.raw"));
        Decoded.All(reader);
        Assert.Equal(0, reader.Health.WordsSkipped);
    }

    private static DvsEvent Event(long[] values, int index) =>
        new(values[4 * index], (ushort)values[(4 * index) + 1], (ushort)values[(4 * index) + 2], (byte)values[(4 * index) + 3]);
}
