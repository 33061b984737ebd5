using System.Globalization;
using Edge.Host.Measurement;

namespace Edge.Cli.Plotting;

/// <summary>
/// The picture of <c>edge bench --kind learning --plot</c>: one chart per task, the running training
/// accuracy (over the last 100 samples, predicted before they were learned) against samples learned,
/// one line per rule, with the softmax baseline's test accuracy as a flat line.
/// </summary>
internal static class LearningPlot
{
    private const int ChartWidth = 760;
    private const int ChartHeight = 380;

    public static void Write(string path, IReadOnlyList<LearningRow> rows)
    {
        var tasks = new List<string>();
        foreach (var row in rows)
        {
            if (!tasks.Contains(row.Task))
            {
                tasks.Add(row.Task);
            }
        }
        var image = new Raster(ChartWidth, ChartHeight * Math.Max(1, tasks.Count), Rgb.White);
        for (var i = 0; i < tasks.Count; i++)
        {
            var series = new List<Series>();
            LearningRow? any = null;
            foreach (var row in rows)
            {
                if (row.Task != tasks[i])
                {
                    continue;
                }
                any = row;
                var points = new List<(double, double)>(row.Curve.Count);
                foreach (var (samples, accuracy) in row.Curve)
                {
                    points.Add((samples, accuracy));
                }
                series.Add(new Series(string.Create(CultureInfo.InvariantCulture, $"{row.Rule} (test {row.TestAccuracy:0.000})"), points));
            }
            if (any is not null)
            {
                series.Add(new Series(string.Create(CultureInfo.InvariantCulture, $"softmax baseline {any.SoftmaxAccuracy:0.000}"),
                    [(0, any.SoftmaxAccuracy), (any.Samples, any.SoftmaxAccuracy)]));
            }
            var title = string.Create(CultureInfo.InvariantCulture,
                $"{tasks[i].ToUpperInvariant()}: {any?.Network.ToUpperInvariant()}, {any?.Epochs} EPOCHS, SEED {any?.Seed}");
            LineChart.Draw(image, 0, i * ChartHeight, ChartWidth, ChartHeight, title,
                "training samples learned", "accuracy (last 100)", series, yMin: 0, yMax: 1);
        }
        PngWriter.Write(path, image);
    }
}
