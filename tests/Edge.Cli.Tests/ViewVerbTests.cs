using System.Text.Json;
using Edge.Cli.Tests.Support;
using Edge.TestSupport;

namespace Edge.Cli.Tests;

/// <summary><c>edge view</c>: every sample recording drawn as a contact sheet; animations; bad requests.</summary>
[Collection("cli")]
public sealed class ViewVerbTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "edge-view-" + Guid.NewGuid().ToString("N"));

    public ViewVerbTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    public static TheoryData<string> Recordings() =>
    [
        "aedat4/sample.aedat4", "nmnist/sample_nmnist.bin", "evt2/evt2_sample.raw", "evt3/evt3_sample.raw", "evt3/evt3_sample_small.raw",
        "prophesee_dat/dat_sample.dat", "prophesee_dat/sample_ncars.dat",
    ];

    [Theory]
    [MemberData(nameof(Recordings))]
    public void Each_sample_recording_is_drawn_as_a_contact_sheet_in_on_and_off_colours(string recording)
    {
        var png = Path.Combine(_folder, "sheet.png");
        var result = EdgeCli.Run("view", SharedData.Resolve("data", "samples", recording), "--out", png, "--json");

        Assert.True(result.ExitCode == 0, result.Stderr);
        var row = JsonDocument.Parse(Assert.Single(result.StdoutLines)).RootElement;
        Assert.Equal("view", row.GetProperty("kind").GetString());
        Assert.True(row.GetProperty("events").GetInt64() > 0);
        var frames = row.GetProperty("frames").GetInt32();
        Assert.InRange(frames, 1, 24);
        var (width, height, rgb) = PngFile.Read(File.ReadAllBytes(png));
        Assert.True(width >= row.GetProperty("width").GetInt32() && height >= row.GetProperty("height").GetInt32());
        Assert.True(Count(rgb, r: 255, g: 140, b: 0) > 0 || Count(rgb, 40, 140, 255) > 0, "no ON or OFF pixel at full brightness");
        Assert.True(HasHue(rgb, on: true) && HasHue(rgb, on: false), "the sheet shows both ON and OFF events");
    }

    [Fact]
    public void A_recording_without_events_is_a_one_line_error()
    {
        var result = EdgeCli.Run("view", SharedData.Resolve("data", "samples", "aedat2", "sample_aedat_header.aedat"), "--out", Path.Combine(_folder, "x.png"));
        Assert.Equal(2, result.ExitCode);
        Assert.Equal("edge: sample_aedat_header.aedat: the stream holds no events", Assert.Single(result.StderrLines));
        Assert.False(File.Exists(Path.Combine(_folder, "x.png")));
    }

    [Fact]
    public void A_span_of_a_simulated_source_becomes_an_animated_gif_one_image_per_frame()
    {
        var gif = Path.Combine(_folder, "bars.gif");
        var result = EdgeCli.Run("view", "sim:bar-right@1s,bar-left@1s", "--out", gif, "--frame", "50ms", "--from", "100ms", "--to", "1600ms", "--json");

        Assert.True(result.ExitCode == 0, result.Stderr);
        var row = JsonDocument.Parse(Assert.Single(result.StdoutLines)).RootElement;
        Assert.Equal(30, row.GetProperty("frames").GetInt32());
        var (width, height, palette, frames) = GifFile.Read(File.ReadAllBytes(gif));
        Assert.Equal(30, frames.Count);
        Assert.True(width >= 128 && height >= 128);
        Assert.All(frames, f => Assert.True(f.AsSpan().IndexOfAnyExcept((byte)0) >= 0));
        Assert.Contains(frames, f => HasHue(Colours(f, palette), on: true) && HasHue(Colours(f, palette), on: false));
        Assert.NotEqual(frames[0], frames[15]);
    }

    [Theory]
    [InlineData("--out", "x.jpg", "--out 'x.jpg': write X.png")]
    [InlineData("--from", "2s", "--to must come after --from")]
    [InlineData("--frame", "1ms", "frames; a contact sheet holds at most 400")]
    [InlineData("--frame", "soon", "--frame 'soon' is not a duration")]
    public void Bad_requests_are_one_line_errors(string option, string value, string message)
    {
        string[] span = option == "--frame" && value == "1ms" ? ["--to", "1s"] : option == "--from" ? ["--to", "1s"] : [];
        var result = EdgeCli.Run(["view", SharedData.Resolve("data", "samples", "nmnist", "sample_nmnist.bin"), option, value, .. span]);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, Assert.Single(result.StderrLines), StringComparison.Ordinal);
    }

    private static int Count(byte[] rgb, byte r, byte g, byte b)
    {
        var n = 0;
        for (var i = 0; i < rgb.Length; i += 3)
        {
            n += rgb[i] == r && rgb[i + 1] == g && rgb[i + 2] == b ? 1 : 0;
        }
        return n;
    }

    /// <summary>A pixel of the ON colour (orange: red well above blue) or the OFF colour (blue well above red) at some brightness.</summary>
    private static bool HasHue(byte[] rgb, bool on)
    {
        for (var i = 0; i < rgb.Length; i += 3)
        {
            var (r, b) = (rgb[i], rgb[i + 2]);
            if (on ? r >= 100 && r > 2 * b : b >= 100 && b > 2 * r)
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>A frame's palette indices as RGB bytes.</summary>
    private static byte[] Colours(byte[] indices, byte[] palette)
    {
        var rgb = new byte[indices.Length * 3];
        for (var i = 0; i < indices.Length; i++)
        {
            palette.AsSpan(3 * indices[i], 3).CopyTo(rgb.AsSpan(3 * i));
        }
        return rgb;
    }
}
