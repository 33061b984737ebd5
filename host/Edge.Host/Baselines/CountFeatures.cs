using Edge.Drivers.Datasets;
using Edge.Runtime.Events;

namespace Edge.Host.Baselines;

/// <summary>
/// The baselines' input: per sample, log(1 + events) in each cell of a coarse grid — pixels pooled
/// in blocks of <see cref="PoolX"/> × <see cref="PoolY"/>, per polarity — or per channel for audio.
/// Chosen per layout so a grid is about 16 cells a side: N-MNIST 34 × 34 → 17 × 17 × 2 (blocks of
/// 2), DVS Gesture 128 × 128 → 16 × 16 × 2 (blocks of 8), SHD → its 700 channels (one polarity).
/// </summary>
/// <param name="PoolX">Columns per cell.</param>
/// <param name="PoolY">Rows per cell.</param>
/// <param name="Polarities">2 to count ON and OFF apart, 1 to count all events together.</param>
public sealed record CountFeatures(int PoolX, int PoolY, int Polarities)
{
    /// <summary>The grid of a dataset of <paramref name="kind"/> on <paramref name="geometry"/>.</summary>
    public static CountFeatures For(DatasetKind kind, SensorGeometry geometry) => kind switch
    {
        DatasetKind.Shd => new CountFeatures(1, 1, 1),
        _ => new CountFeatures(Pool(geometry.Width), Pool(geometry.Height), 2),
    };

    /// <summary>Cells per sample for <paramref name="geometry"/>.</summary>
    public int Length(SensorGeometry geometry) => Cells(geometry.Width, PoolX) * Cells(geometry.Height, PoolY) * Polarities;

    /// <summary>The grid as text, e.g. <c>17x17x2</c>.</summary>
    public string Describe(SensorGeometry geometry) => geometry.Height == 1
        ? $"{Cells(geometry.Width, PoolX)} channels"
        : $"{Cells(geometry.Width, PoolX)}x{Cells(geometry.Height, PoolY)}x{Polarities}";

    /// <summary>Features and labels of every sample of <paramref name="dataset"/> (natural order).</summary>
    public (float[][] Features, int[] Labels) Extract(EventDataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        var geometry = dataset.Geometry;
        var columns = Cells(geometry.Width, PoolX);
        var rows = Cells(geometry.Height, PoolY);
        var features = new float[dataset.Count][];
        var labels = new int[dataset.Count];
        var buffer = new DvsEvent[8192];
        var order = new int[dataset.Count];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }
        dataset.SetOrder(order);
        for (var i = 0; dataset.MoveNext(out var segment); i++)
        {
            var counts = new float[columns * rows * Polarities];
            for (int n; (n = dataset.Read(buffer)) > 0;)
            {
                foreach (var e in buffer.AsSpan(0, n))
                {
                    if (e.X < geometry.Width && e.Y < geometry.Height)
                    {
                        var polarity = Polarities == 2 ? e.P & 1 : 0;
                        counts[(((polarity * rows) + (e.Y / PoolY)) * columns) + (e.X / PoolX)]++;
                    }
                }
            }
            for (var k = 0; k < counts.Length; k++)
            {
                counts[k] = MathF.Log(1 + counts[k]);
            }
            features[i] = counts;
            labels[i] = segment.Label;
        }
        return (features, labels);
    }

    private static int Pool(int side) => Math.Max(1, (int)Math.Round(side / 16.0));

    private static int Cells(int side, int pool) => (side + pool - 1) / pool;
}
