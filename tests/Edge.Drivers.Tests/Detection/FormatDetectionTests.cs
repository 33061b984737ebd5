using System.Text;
using Edge.Drivers.Formats;
using Edge.Drivers.Tests.Support;
using Edge.Runtime.Events;

namespace Edge.Drivers.Tests.Detection;

/// <summary>Format detection: magic and header first, then the extension of headerless files, then an override.</summary>
public sealed class FormatDetectionTests
{
    [Theory]
    [InlineData("aedat4/sample.aedat4", EventFormat.Aedat4)]
    [InlineData("aedat2/sample_aedat_header.aedat", EventFormat.Aedat2)]
    [InlineData("evt2/evt2_sample.raw", EventFormat.Evt2)]
    [InlineData("evt3/evt3_sample.raw", EventFormat.Evt3)]
    [InlineData("prophesee_dat/sample_ncars.dat", EventFormat.Dat)]
    public void Headers_decide_whatever_the_file_is_called(string sample, EventFormat format)
    {
        using var reader = EventFile.OpenRead(new MemoryStream(SampleFiles.Bytes(sample)), "renamed.xyz");
        Assert.Equal(format, reader.Format);
    }

    [Fact]
    public void Aedat3_is_detected_by_its_version_line()
    {
        var bytes = Synthetic.Write(EventFormat.Aedat3, new SensorGeometry(128, 128), Synthetic.Events(10, new SensorGeometry(128, 128), 0, 5));
        using var reader = EventFile.OpenRead(new MemoryStream(bytes), "gesture.aedat");
        Assert.Equal(EventFormat.Aedat3, reader.Format);
        Assert.Equal(new SensorGeometry(128, 128), reader.Geometry);
    }

    [Theory]
    [InlineData("evt2/evt2_sample.raw", EventFormat.Evt2)]
    [InlineData("evt3/evt3_sample.raw", EventFormat.Evt3)]
    [InlineData("evt3/evt3_sample_small.raw", EventFormat.Evt3)]
    public void Headerless_raw_data_is_told_apart_by_its_content(string sample, EventFormat format)
    {
        var bytes = SampleFiles.Bytes(sample);
        var body = bytes[SampleFiles.HeaderLength(bytes, (byte)'%')..];
        using var reader = EventFile.OpenRead(new MemoryStream(body), "headerless.raw");
        Assert.Equal(format, reader.Format);
        Assert.Null(reader.Geometry);
        Assert.Equal(Decoded.All(SampleFiles.Path(sample)), Decoded.All(reader));
    }

    [Fact]
    public void Headerless_dat_and_nmnist_go_by_extension()
    {
        var dat = SampleFiles.Bytes("prophesee_dat/dat_sample.dat");
        var body = dat[(SampleFiles.HeaderLength(dat, (byte)'%') + 2)..];
        Assert.Equal(Decoded.All(SampleFiles.Path("prophesee_dat/dat_sample.dat")), Decoded.All(body, "cut.dat"));

        using var nmnist = EventFile.OpenRead(new MemoryStream(SampleFiles.Bytes("nmnist/sample_nmnist.bin")), "00002.bin");
        Assert.Equal(EventFormat.Nmnist, nmnist.Format);
        Assert.Equal(new SensorGeometry(34, 34), nmnist.Geometry);
    }

    [Fact]
    public void An_explicit_format_overrides_detection()
    {
        using var reader = EventFile.OpenRead(new MemoryStream(SampleFiles.Bytes("nmnist/sample_nmnist.bin")), "digit.unknown",
            new EventFileOptions { Format = EventFormat.Nmnist });
        Assert.Equal(4325, Decoded.All(reader).Count);

        using var forced = EventFile.OpenRead(new MemoryStream(SampleFiles.Bytes("evt2/evt2_sample.raw")), "x.raw",
            new EventFileOptions { Format = EventFormat.Evt3 });
        Assert.Equal(EventFormat.Evt3, forced.Format);
    }

    [Fact]
    public void Geometry_comes_from_the_header_or_the_override()
    {
        var header = "% format EVT3;height=320;width=320\n% end\n"u8.ToArray();
        using (var reader = EventFile.OpenRead(new MemoryStream(header), "genx.raw"))
        {
            Assert.Equal(new SensorGeometry(320, 320), reader.Geometry);
        }
        using var overridden = EventFile.OpenRead(new MemoryStream(SampleFiles.Bytes("prophesee_dat/sample_ncars.dat")), "car.dat",
            new EventFileOptions { Geometry = new SensorGeometry(120, 100) });
        Assert.Equal(new SensorGeometry(120, 100), overridden.Geometry);
    }

    [Theory]
    [InlineData("random.xyz", "not a recognised event file")]
    [InlineData("random.raw", "cannot tell whether this RAW data is EVT 2.0 or EVT 3.0")]
    public void Unknown_content_is_a_clear_error(string name, string message)
    {
        var noise = new byte[4096];
        new Random(3).NextBytes(noise);
        noise[0] = 0x01;
        var ex = Assert.Throws<EventStreamException>(() => EventFile.OpenRead(new MemoryStream(noise), name));
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
        Assert.StartsWith(name + ": byte ", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unsupported_prophesee_encodings_are_named()
    {
        var header = Encoding.ASCII.GetBytes("% format EVT21;height=320;width=320\n% end\n");
        var ex = Assert.Throws<EventStreamException>(() => EventFile.OpenRead(new MemoryStream(header), "genx.raw"));
        Assert.Contains("EVT21", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("out.aedat4", EventFormat.Aedat4)]
    [InlineData("out.dat", EventFormat.Dat)]
    [InlineData("out.raw", null)]
    [InlineData("out.bin", null)]
    [InlineData("out.aedat", null)]
    public void Output_extensions_name_a_format_only_when_unambiguous(string path, EventFormat? format)
    {
        Assert.Equal(format, EventFile.FormatForOutput(path));
    }
}
