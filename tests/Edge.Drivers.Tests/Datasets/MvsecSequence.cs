using PureHDF;

namespace Edge.Drivers.Tests.Datasets;

/// <summary>
/// A small MVSEC sequence in the dataset's HDF5 layout: events N × 4 (x, y, t in seconds, polarity
/// ±1) in NAME_data.hdf5, flow maps M × 2 × H × W with their times in NAME_gt.hdf5 (Unix-epoch
/// seconds, as MVSEC's).
/// </summary>
internal static class MvsecSequence
{
    /// <summary>The first time of the sequence, s (an MVSEC-like Unix time).</summary>
    public const double Epoch = 1_506_117_898.0;

    /// <summary>Flow map width.</summary>
    public const int Width = 6;

    /// <summary>Flow map height.</summary>
    public const int Height = 4;

    /// <summary>
    /// Writes seq_data.hdf5 (one event every 5 ms from 0.07 s: x = i mod W, y = i mod H, p = +1 for
    /// even i) and seq_gt.hdf5 (map k: x = k + 0.5, y = −k − 0.25 everywhere but pixel (0, 0), which is 0).
    /// </summary>
    public static string Write(string folder, double[] flowTimes, int events, string? damage = null)
    {
        var rows = new double[events, damage == "events" ? 3 : 4];
        for (var i = 0; i < events; i++)
        {
            rows[i, 0] = i % Width;
            rows[i, 1] = i % Height;
            rows[i, 2] = Epoch + 0.07 + (0.005 * i);
            if (damage != "events")
            {
                rows[i, 3] = i % 2 == 0 ? 1 : -1;
            }
        }
        var flow = new double[flowTimes.Length, 2, Height, Width];
        for (var k = 0; k < flowTimes.Length; k++)
        {
            for (var y = 0; y < Height; y++)
            {
                for (var x = 0; x < Width; x++)
                {
                    flow[k, 0, y, x] = x == 0 && y == 0 ? 0 : k + 0.5;
                    flow[k, 1, y, x] = x == 0 && y == 0 ? 0 : -k - 0.25;
                }
            }
        }
        var times = flowTimes.Select(t => Epoch + t).ToArray();
        if (damage == "times")
        {
            times = times[..2];
        }
        var data = Path.Combine(folder, "seq_data.hdf5");
        new H5File { ["davis"] = new H5Group { ["left"] = new H5Group { [damage == "missing" ? "evts" : "events"] = rows } } }.Write(data);
        new H5File { ["davis"] = new H5Group { ["left"] = new H5Group { ["flow_dist"] = flow, ["flow_dist_ts"] = times } } }.Write(Path.Combine(folder, "seq_gt.hdf5"));
        return data;
    }
}
