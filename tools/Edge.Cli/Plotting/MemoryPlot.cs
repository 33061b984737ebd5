using System.Globalization;
using Edge.Cli.Plotting;
using Edge.Host.Measurement;

namespace Edge.Cli.Plotting;

/// <summary>The comparison page's picture: learning-state bytes against T, one line per rule (log scale).</summary>
internal static class MemoryPlot
{
    public static void Write(string path, string network, IReadOnlyList<CompareRow> rows)
    {
        var series = new List<Series>();
        double min = double.MaxValue, max = 0;
        foreach (var rule in Rules(rows))
        {
            var points = new List<(double, double)>();
            foreach (var row in rows)
            {
                if (row.Rule == rule)
                {
                    var kib = row.LearningStateBytes / 1024.0;
                    points.Add((row.T, kib));
                    min = Math.Min(min, kib);
                    max = Math.Max(max, kib);
                }
            }
            series.Add(new Series(rule, points));
        }
        var image = new Raster(760, 460, Rgb.White);
        LineChart.Draw(image, 0, 0, image.Width, image.Height,
            string.Create(CultureInfo.InvariantCulture, $"LEARNING STATE VS T: {network.ToUpperInvariant()}"),
            "time steps T", "KiB (log)", series, yMin: min / 1.5, yMax: max * 1.5, logY: true);
        PngWriter.Write(path, image);
    }

    private static List<string> Rules(IReadOnlyList<CompareRow> rows)
    {
        var rules = new List<string>();
        foreach (var row in rows)
        {
            if (!rules.Contains(row.Rule))
            {
                rules.Add(row.Rule);
            }
        }
        return rules;
    }
}
