using PureHDF;

namespace Edge.Drivers.Datasets;

/// <summary>One sample of an SHD file: spike times in seconds (rising), their channels, the class and the speaker.</summary>
/// <param name="TimesSeconds">Spike times from the start of the utterance.</param>
/// <param name="Units">Channel of each spike (0–699 in SHD).</param>
/// <param name="Label">Class, 0–19.</param>
/// <param name="Speaker">Who spoke it (SHD's <c>extra/speaker</c>).</param>
public sealed record ShdSample(float[] TimesSeconds, ushort[] Units, int Label, int Speaker);

/// <summary>
/// Writes an SHD split file the way the dataset ships it and <see cref="ShdDataset"/> reads it
/// (HDF5 through PureHDF): <c>spikes/times</c> (variable-length float32 seconds per sample),
/// <c>spikes/units</c> (variable-length uint16 channels), <c>labels</c> (uint16) and
/// <c>extra/speaker</c> (uint16).
/// </summary>
public static class ShdWriter
{
    /// <summary>Writes <paramref name="samples"/> to <paramref name="path"/> (replacing it).</summary>
    /// <exception cref="ArgumentException">A sample whose times and units differ in length, or a label or speaker outside 0–65535.</exception>
    public static void Write(string path, IReadOnlyList<ShdSample> samples)
    {
        ArgumentNullException.ThrowIfNull(samples);
        var times = new float[samples.Count][];
        var units = new ushort[samples.Count][];
        var labels = new ushort[samples.Count];
        var speakers = new ushort[samples.Count];
        for (var i = 0; i < samples.Count; i++)
        {
            var sample = samples[i];
            if (sample.TimesSeconds.Length != sample.Units.Length)
            {
                throw new ArgumentException($"sample {i} has {sample.TimesSeconds.Length} spike times but {sample.Units.Length} units", nameof(samples));
            }
            if ((uint)sample.Label > ushort.MaxValue || (uint)sample.Speaker > ushort.MaxValue)
            {
                throw new ArgumentException($"sample {i}: label {sample.Label} or speaker {sample.Speaker} is not a uint16", nameof(samples));
            }
            times[i] = sample.TimesSeconds;
            units[i] = sample.Units;
            labels[i] = (ushort)sample.Label;
            speakers[i] = (ushort)sample.Speaker;
        }
        var file = new H5File
        {
            ["spikes"] = new H5Group
            {
                ["times"] = times,
                ["units"] = units,
            },
            ["labels"] = labels,
            ["extra"] = new H5Group
            {
                ["speaker"] = speakers,
            },
        };
        file.Write(path);
    }
}
