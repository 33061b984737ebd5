using System.Globalization;

namespace Edge.Cli.Plotting;

/// <summary>One named series of (x, y) points.</summary>
internal sealed record Series(string Name, IReadOnlyList<(double X, double Y)> Points);

/// <summary>Draws line charts with axes, ticks, labels and a legend into a region of a raster.</summary>
internal static class LineChart
{
    /// <summary>Draws the chart into the rectangle (x, y, w, h) of <paramref name="image"/>.</summary>
    public static void Draw(Raster image, int x, int y, int w, int h, string title, string xLabel, string yLabel,
        IReadOnlyList<Series> series, double? yMin = null, double? yMax = null, bool logY = false)
    {
        const int left = 62, right = 16, top = 26, bottom = 40;
        var px = x + left;
        var py = y + top;
        var pw = w - left - right;
        var ph = h - top - bottom;
        image.DrawText(x + ((w - Raster.TextWidth(title, 2)) / 2), y + 4, title, Rgb.Black, 2);

        double x0 = double.MaxValue, x1 = double.MinValue, y0 = double.MaxValue, y1 = double.MinValue;
        foreach (var s in series)
        {
            foreach (var (sx, sy) in s.Points)
            {
                var vy = Transform(sy, logY);
                x0 = Math.Min(x0, sx);
                x1 = Math.Max(x1, sx);
                y0 = Math.Min(y0, vy);
                y1 = Math.Max(y1, vy);
            }
        }
        if (x0 > x1)
        {
            x0 = 0;
            x1 = 1;
            y0 = 0;
            y1 = 1;
        }
        y0 = yMin is double a ? Transform(a, logY) : y0;
        y1 = yMax is double b ? Transform(b, logY) : y1;
        if (x1 <= x0)
        {
            x1 = x0 + 1;
        }
        if (y1 <= y0)
        {
            y1 = y0 + 1;
        }

        // Grid, ticks and labels.
        for (var i = 0; i <= 4; i++)
        {
            var gy = py + ph - (int)Math.Round(i * ph / 4.0);
            image.DrawLine(px, gy, px + pw, gy, Rgb.Grey);
            var value = y0 + ((y1 - y0) * i / 4);
            var label = Format(logY ? Math.Pow(10, value) : value);
            image.DrawText(px - 6 - Raster.TextWidth(label), gy - 3, label, Rgb.DarkGrey);
            var gx = px + (int)Math.Round(i * pw / 4.0);
            image.DrawLine(gx, py + ph, gx, py + ph + 4, Rgb.DarkGrey);
            var xl = Format(x0 + ((x1 - x0) * i / 4));
            image.DrawText(gx - (Raster.TextWidth(xl) / 2), py + ph + 8, xl, Rgb.DarkGrey);
        }
        image.DrawRect(px, py, pw, ph, Rgb.DarkGrey);
        image.DrawText(px + ((pw - Raster.TextWidth(xLabel)) / 2), py + ph + 22, xLabel, Rgb.Black);
        image.DrawText(x + 2, py - 14, yLabel, Rgb.Black);

        for (var k = 0; k < series.Count; k++)
        {
            var color = Rgb.Palette[k % Rgb.Palette.Length];
            var points = series[k].Points;
            for (var i = 1; i < points.Count; i++)
            {
                image.DrawLine(Sx(points[i - 1].X), Sy(points[i - 1].Y), Sx(points[i].X), Sy(points[i].Y), color, 2);
            }
            if (points.Count == 1)
            {
                image.FillRect(Sx(points[0].X) - 2, Sy(points[0].Y) - 2, 5, 5, color);
            }
            // Legend, top-left inside the plot.
            image.FillRect(px + 8, py + 8 + (k * 12), 10, 6, color);
            image.DrawText(px + 22, py + 8 + (k * 12), series[k].Name, Rgb.Black);
        }

        int Sx(double v) => px + (int)Math.Round((v - x0) / (x1 - x0) * pw);
        int Sy(double v) => py + ph - (int)Math.Round((Math.Clamp(Transform(v, logY), y0, y1) - y0) / (y1 - y0) * ph);
    }

    private static double Transform(double v, bool log) => log ? Math.Log10(Math.Max(v, 1e-12)) : v;

    private static string Format(double v) => Math.Abs(v) switch
    {
        >= 1e6 => (v / 1e6).ToString("0.#", CultureInfo.InvariantCulture) + "M",
        >= 1e3 => (v / 1e3).ToString("0.#", CultureInfo.InvariantCulture) + "K",
        >= 10 => v.ToString("0", CultureInfo.InvariantCulture),
        _ => v.ToString("0.##", CultureInfo.InvariantCulture),
    };
}
