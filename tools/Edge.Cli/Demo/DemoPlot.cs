using Edge.Cli.Plotting;

namespace Edge.Cli.Demo;

/// <summary>The demo's picture: the prequential accuracy curve and a few event frames with their labels.</summary>
internal static class DemoPlot
{
    /// <summary>One captured frame ([2, H, W] counts) with its true and predicted class.</summary>
    public sealed record Frame(float[] Counts, int Width, int Height, string Label, string Predicted);

    public static void Write(string path, IReadOnlyList<bool> correct, IReadOnlyList<Frame> frames, string title)
    {
        const int chartW = 640, chartH = 400, tile = 128, gap = 10;
        var columns = Math.Max(1, Math.Min(4, frames.Count));
        var rows = (frames.Count + columns - 1) / columns;
        var width = chartW + gap + (columns * (tile + gap));
        var height = Math.Max(chartH, 30 + (rows * (tile + 36)));
        var image = new Raster(width, height, Rgb.White);

        var window = new List<(double, double)>();
        var cumulative = new List<(double, double)>();
        var hits = 0;
        var recent = new RecentAccuracy(correct.Count);
        for (var i = 0; i < correct.Count; i++)
        {
            hits += correct[i] ? 1 : 0;
            recent.Add(correct[i]);
            cumulative.Add((i + 1, hits / (double)(i + 1)));
            window.Add((i + 1, recent.Value));
        }
        LineChart.Draw(image, 0, 0, chartW, chartH, title, "samples (test, then train)", "accuracy",
            [new Series(recent.Label, window), new Series("cumulative", cumulative)], 0, 1);

        for (var k = 0; k < frames.Count; k++)
        {
            var f = frames[k];
            var x0 = chartW + gap + ((k % columns) * (tile + gap));
            var y0 = 30 + ((k / columns) * (tile + 36));
            DrawFrame(image, f, x0, y0, tile);
            image.DrawText(x0, y0 + tile + 4, f.Label, Rgb.Black);
            image.DrawText(x0, y0 + tile + 14, "-> " + f.Predicted, f.Label == f.Predicted ? Rgb.Palette[2] : Rgb.Palette[3]);
        }
        image.DrawText(chartW + gap, 8, "EVENT FRAMES: ON RED, OFF BLUE", Rgb.Black);
        PngWriter.Write(path, image);
    }

    private static void DrawFrame(Raster image, Frame f, int x0, int y0, int size)
    {
        var plane = f.Width * f.Height;
        var max = 1f;
        foreach (var v in f.Counts)
        {
            max = MathF.Max(max, v);
        }
        for (var y = 0; y < size; y++)
        {
            for (var x = 0; x < size; x++)
            {
                var cx = x * f.Width / size;
                var cy = y * f.Height / size;
                var off = f.Counts[(cy * f.Width) + cx] / max;
                var on = f.Counts.Length > plane ? f.Counts[plane + (cy * f.Width) + cx] / max : 0f;
                var r = (byte)(255 - (int)(255 * Math.Min(1f, off * 2)));
                var b = (byte)(255 - (int)(255 * Math.Min(1f, on * 2)));
                image.Set(x0 + x, y0 + y, new Rgb(r, Math.Min(r, b), b));
            }
        }
        image.DrawRect(x0 - 1, y0 - 1, size + 2, size + 2, Rgb.DarkGrey);
    }
}
