using System.Globalization;
using Edge.Cli.Plotting;

namespace Edge.Cli.View;

/// <summary>
/// Draws <see cref="EventFrames"/>: a pixel with more ON than OFF events in ON colour, else in OFF
/// colour (the live page's colours), brighter with more events in one of 16 levels, on black; each
/// frame with its time after the first event. A PNG contact sheet or an animated GIF.
/// </summary>
internal static class EventPictures
{
    private const int Levels = 16;
    private const int Margin = 8;
    private const int Caption = 12;
    private static readonly Rgb OnColour = new(255, 140, 0);
    private static readonly Rgb OffColour = new(40, 140, 255);

    /// <summary>Every colour a picture uses (the GIF palette).</summary>
    public static IReadOnlyList<Rgb> Palette { get; } = BuildPalette();

    /// <summary>A grid of every frame, each with its time stamp, under a title line.</summary>
    public static Raster ContactSheet(EventFrames frames, string title)
    {
        var scale = Scale(frames);
        var (cellW, cellH) = (frames.Width * scale, frames.Height * scale);
        var columns = Math.Clamp(1200 / (cellW + Margin), 1, frames.Count);
        var rows = (frames.Count + columns - 1) / columns;
        var width = Math.Max(Margin + (columns * (cellW + Margin)), Raster.TextWidth(title) + (2 * Margin));
        var height = Margin + Caption + (rows * (cellH + Caption + Margin));
        var sheet = new Raster(width, height, Rgb.DarkGrey);
        sheet.DrawText(Margin, 3, title, Rgb.White);
        for (var f = 0; f < frames.Count; f++)
        {
            var x = Margin + (f % columns * (cellW + Margin));
            var y = Margin + Caption + (f / columns * (cellH + Caption + Margin));
            Draw(sheet, frames, f, x, y, scale);
            sheet.DrawText(x, y + cellH + 3, Stamp(frames, f), Rgb.Grey);
        }
        return sheet;
    }

    /// <summary>Writes every frame as one image of an animated GIF, shown for the frame's duration (at least 20 ms).</summary>
    public static void Gif(EventFrames frames, Stream output)
    {
        var scale = Scale(frames);
        var (w, h) = (frames.Width * scale, frames.Height * scale);
        var width = Math.Max(w, Raster.TextWidth("+00000.0 MS") + 4);
        var delay = (int)Math.Max(2, Math.Round(frames.FrameUs / 10_000.0));
        using var gif = new GifWriter(output, width, h + Caption, Palette);
        for (var f = 0; f < frames.Count; f++)
        {
            var image = new Raster(width, h + Caption, Rgb.Black);
            Draw(image, frames, f, 0, 0, scale);
            image.DrawText(2, h + 3, Stamp(frames, f), Rgb.Grey);
            gif.Add(image, delay);
        }
    }

    private static int Scale(EventFrames frames) => Math.Max(1, 160 / Math.Max(frames.Width, frames.Height));

    private static string Stamp(EventFrames frames, int f) =>
        string.Create(CultureInfo.InvariantCulture, $"+{(frames.FromUs + (f * frames.FrameUs)) / 1000.0:0.#} ms");

    private static void Draw(Raster image, EventFrames frames, int f, int x0, int y0, int scale)
    {
        var on = frames.On[f];
        var off = frames.Off[f];
        image.FillRect(x0, y0, frames.Width * scale, frames.Height * scale, Rgb.Black);
        for (var y = 0; y < frames.Height; y++)
        {
            for (var x = 0; x < frames.Width; x++)
            {
                var p = (y * frames.Width) + x;
                if (on[p] == 0 && off[p] == 0)
                {
                    continue;
                }
                var (colour, count) = on[p] >= off[p] ? (OnColour, on[p]) : (OffColour, off[p]);
                var level = (int)((long)count * (Levels - 1) / frames.MaxCount);
                image.FillRect(x0 + (x * scale), y0 + (y * scale), scale, scale, Shade(colour, level));
            }
        }
    }

    private static Rgb Shade(Rgb colour, int level)
    {
        var k = 0.55 + (0.45 * level / (Levels - 1));
        return new Rgb((byte)(colour.R * k), (byte)(colour.G * k), (byte)(colour.B * k));
    }

    private static Rgb[] BuildPalette()
    {
        var palette = new List<Rgb> { Rgb.Black, Rgb.White, Rgb.Grey, Rgb.DarkGrey };
        for (var level = 0; level < Levels; level++)
        {
            palette.Add(Shade(OnColour, level));
            palette.Add(Shade(OffColour, level));
        }
        return [.. palette];
    }
}
