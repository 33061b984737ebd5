using Edge.Runtime.Events;
using Edge.Sim.Scenes;
using Edge.Sim.Sensor;

namespace Edge.Sim.Tests.Scenes;

public sealed class FrameFolderTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "edge-sim-frames-" + Guid.NewGuid().ToString("N"));

    public FrameFolderTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Write(string name, byte[] data)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllBytes(path, data);
        return path;
    }

    private static float[] First(FrameFolderScene scene)
    {
        var geometry = scene.NativeGeometry!.Value;
        var frame = new float[geometry.Pixels];
        scene.Render(0, geometry, frame);
        return frame;
    }

    private static int Gradient(int x, int y) => (x * 16) + y;

    [Fact]
    public void Binary_PGM_decodes_exactly()
    {
        Write("a.pgm", TestImages.PgmBinary(12, 9, Gradient));
        var frame = First(new FrameFolderScene(_folder, 30));
        for (var i = 0; i < frame.Length; i++)
        {
            Assert.Equal(Gradient(i % 12, i / 12), frame[i]);
        }
    }

    [Fact]
    public void Sixteen_bit_and_plain_PGM_are_scaled_to_0_255()
    {
        Write("a.pgm", TestImages.PgmBinary(5, 4, (x, y) => x * 250, maxValue: 1000));
        var wide = First(new FrameFolderScene(_folder, 30));
        Assert.Equal(255f * 750 / 1000, wide[3], 3);

        File.Delete(Path.Combine(_folder, "a.pgm"));
        Write("b.pgm", TestImages.PgmPlain(5, 4, (x, y) => x + y, maxValue: 15));
        var plain = First(new FrameFolderScene(_folder, 30));
        Assert.Equal(255f * 5 / 15, plain[(3 * 5) + 2], 3);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void PNG_of_every_filter_and_colour_type_decodes_to_gray(int channels)
    {
        static byte Sample(int x, int y, int c) => (byte)((x * 13) + (y * 7) + (c * 50));
        Write("f.png", TestImages.Png(11, 10, channels, Sample));
        var frame = First(new FrameFolderScene(_folder, 30));
        for (var i = 0; i < frame.Length; i++)
        {
            int x = i % 11, y = i / 11;
            var expected = channels >= 3
                ? (0.299f * Sample(x, y, 0)) + (0.587f * Sample(x, y, 1)) + (0.114f * Sample(x, y, 2))
                : Sample(x, y, 0);
            Assert.Equal(expected, frame[i], 3);
        }
    }

    [Fact]
    public void Frames_play_in_natural_name_order_and_are_interpolated_between()
    {
        Write("frame10.pgm", TestImages.PgmBinary(4, 4, (_, _) => 200));
        Write("frame2.pgm", TestImages.PgmBinary(4, 4, (_, _) => 100));
        Write("frame1.pgm", TestImages.PgmBinary(4, 4, (_, _) => 0));
        var scene = new FrameFolderScene(_folder, framesPerSecond: 10);
        var frame = new float[16];
        var geometry = new SensorGeometry(4, 4);

        Assert.Equal(3, scene.FrameCount);
        Assert.Equal(200_000, scene.DurationUs);
        scene.Render(50_000, geometry, frame);   // halfway from frame1 to frame2
        Assert.Equal(50f, frame[0], 3);
        scene.Render(175_000, geometry, frame);  // three quarters from frame2 to frame10
        Assert.Equal(175f, frame[5], 3);
        scene.Render(0, geometry, frame);        // back to the start
        Assert.Equal(0f, frame[15]);
    }

    [Fact]
    public void A_different_sensor_size_is_resized()
    {
        Write("a.pgm", TestImages.PgmBinary(40, 30, (x, _) => x < 20 ? 20 : 220));
        var scene = new FrameFolderScene(_folder, 30);
        var geometry = new SensorGeometry(20, 15);
        var frame = new float[geometry.Pixels];
        scene.Render(0, geometry, frame);
        Assert.Equal(20f, frame[(7 * 20) + 2], 3);
        Assert.Equal(220f, frame[(7 * 20) + 17], 3);
    }

    [Fact]
    public void A_video_of_a_moving_square_becomes_events()
    {
        for (var k = 0; k < 6; k++)
        {
            var left = 4 + (3 * k);
            Write($"f{k:D3}.png", TestImages.Png(32, 24, 1, (x, y, _) => (byte)(x >= left && x < left + 6 && y is >= 9 and < 15 ? 200 : 40)));
        }
        using var camera = new SimulatedEventCamera(new FrameFolderScene(_folder, 25), new CameraOptions { Sensor = SensorParameters.Clean });
        var events = Streams.ReadAll(camera);
        Assert.Equal(new SensorGeometry(32, 24), camera.Geometry);
        Assert.True(events.Count > 200, $"{events.Count} events");
        Assert.True(events.Max(e => e.T) < 200_000);
        Assert.True(events.Count(e => e.P == 1) > 50 && events.Count(e => e.P == 0) > 50);
    }

    [Fact]
    public void A_damaged_PNG_is_reported_with_file_and_byte_offset()
    {
        var png = TestImages.Png(8, 8, 1, (x, y, _) => (byte)(x * y));
        png[41] ^= 0xFF; // the first byte of the tEXt payload: its CRC no longer matches
        var path = Write("bad.png", png);
        var ex = Assert.Throws<InvalidDataException>(() => First(new FrameFolderScene(_folder, 30)));
        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
        Assert.Contains("byte 33", ex.Message, StringComparison.Ordinal);
        Assert.Contains("CRC", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("interlaced")]
    [InlineData("palette")]
    [InlineData("truncated-pgm")]
    [InlineData("not-an-image")]
    public void Unsupported_or_truncated_images_give_one_clear_error(string kind)
    {
        var path = kind switch
        {
            "interlaced" => Write("a.png", TestImages.Png(4, 4, 1, (_, _, _) => 9, interlaced: true)),
            "palette" => Write("a.png", TestImages.Png(4, 4, 1, (_, _, _) => 9, colourType: 3)),
            "truncated-pgm" => Write("a.pgm", TestImages.PgmBinary(8, 8, Gradient)[..40]),
            _ => Write("a.png", "hello"u8.ToArray()),
        };
        var ex = Assert.Throws<InvalidDataException>(() => First(new FrameFolderScene(_folder, 30)));
        Assert.StartsWith(path + ": byte ", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Fact]
    public void A_folder_without_images_is_rejected()
    {
        Write("notes.txt", "nothing here"u8.ToArray());
        var ex = Assert.Throws<InvalidDataException>(() => new FrameFolderScene(_folder, 30));
        Assert.Contains("no .pgm or .png", ex.Message, StringComparison.Ordinal);
        Assert.Throws<DirectoryNotFoundException>(() => new FrameFolderScene(Path.Combine(_folder, "missing"), 30));
    }
}
