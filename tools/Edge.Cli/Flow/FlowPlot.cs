using System.Globalization;
using Edge.Cli.Plotting;
using Edge.Host.Flow;

namespace Edge.Cli.Flow;

/// <summary>
/// The picture of <c>edge flow --plot</c>: the AEE curve of the run (the network beside the zero-
/// and mean-flow predictions) and, for a few late samples, the true and the predicted flow as
/// colour-wheel images (the same scale in both; grey where the truth is unknown; pixels without
/// events drawn pale in the prediction), with the wheel itself as the key.
/// </summary>
internal static class FlowPlot
{
    /// <summary>A sample's flow maps, copied out of the run.</summary>
    public sealed record Sample(long Index, string Kind, float[] Truth, float[] Predicted, float[] Mask, int Width, int Height, double Aee);

    public static void Write(string path, IReadOnlyList<FlowProgress> curve, IReadOnlyList<Sample> samples, string title)
    {
        const int chartW = 640, chartH = 400, tile = 128, gap = 12;
        var rows = Math.Max(1, samples.Count);
        var width = chartW + gap + (2 * (tile + gap)) + 80;
        var height = Math.Max(chartH, 40 + (rows * (tile + 30)));
        var image = new Raster(width, height, Rgb.White);

        var aee = new List<(double, double)>();
        var zero = new List<(double, double)>();
        var mean = new List<(double, double)>();
        foreach (var row in curve)
        {
            aee.Add((row.SamplesSeen, row.Window.Aee));
            zero.Add((row.SamplesSeen, row.Window.AeeZeroFlow));
            mean.Add((row.SamplesSeen, row.Window.AeeMeanFlow));
        }
        LineChart.Draw(image, 0, 0, chartW, chartH, title, "samples (test, then train)", "AEE (pixels)",
            [new Series("network", aee), new Series("zero flow", zero), new Series("mean flow", mean)], 0);

        var x0 = chartW + gap;
        image.DrawText(x0, 8, "TRUE FLOW", Rgb.Black);
        image.DrawText(x0 + tile + gap, 8, "PREDICTED", Rgb.Black);
        for (var k = 0; k < samples.Count; k++)
        {
            var s = samples[k];
            var y0 = 24 + (k * (tile + 30));
            var scale = Scale(s.Truth);
            DrawFlow(image, s.Truth, null, s.Width, s.Height, x0, y0, tile, scale);
            DrawFlow(image, s.Predicted, s.Mask, s.Width, s.Height, x0 + tile + gap, y0, tile, scale);
            image.DrawText(x0, y0 + tile + 4, string.Create(CultureInfo.InvariantCulture,
                $"SAMPLE {s.Index} {s.Kind.ToUpperInvariant()} AEE {s.Aee:0.00} MAX {scale:0.0}PX"), Rgb.Black);
        }
        DrawWheel(image, width - 72, 24, 64);
        PngWriter.Write(path, image);
    }

    /// <summary>The longest finite true flow vector (at least 1 pixel): the length that gets full colour.</summary>
    private static double Scale(float[] flow)
    {
        var max = 1.0;
        for (var i = 0; i + 1 < flow.Length; i += 2)
        {
            if (float.IsFinite(flow[i]) && float.IsFinite(flow[i + 1]))
            {
                max = Math.Max(max, Math.Sqrt((flow[i] * flow[i]) + (flow[i + 1] * flow[i + 1])));
            }
        }
        return max;
    }

    private static void DrawFlow(Raster image, float[] flow, float[]? mask, int width, int height, int x0, int y0, int size, double scale)
    {
        for (var y = 0; y < size; y++)
        {
            for (var x = 0; x < size; x++)
            {
                var p = ((y * height / size) * width) + (x * width / size);
                var colour = FlowColors.Of(flow[2 * p], flow[(2 * p) + 1], scale);
                if (mask is not null && mask[p] == 0f)
                {
                    colour = new Rgb((byte)((colour.R + 510) / 3), (byte)((colour.G + 510) / 3), (byte)((colour.B + 510) / 3));
                }
                image.Set(x0 + x, y0 + y, colour);
            }
        }
        image.DrawRect(x0 - 1, y0 - 1, size + 2, size + 2, Rgb.DarkGrey);
    }

    private static void DrawWheel(Raster image, int x0, int y0, int size)
    {
        var r = size / 2.0;
        for (var y = 0; y < size; y++)
        {
            for (var x = 0; x < size; x++)
            {
                double u = x + 0.5 - r, v = y + 0.5 - r;
                if ((u * u) + (v * v) <= r * r)
                {
                    image.Set(x0 + x, y0 + y, FlowColors.Of(u, v, r));
                }
            }
        }
        image.DrawText(x0, y0 + size + 4, "KEY", Rgb.Black);
    }
}
