namespace Edge.Drivers.Datasets;

/// <summary>
/// One labelled sample of a dataset: the events of <see cref="Source"/> (a file, or a recording
/// inside an HDF5 file) whose time lies in [<see cref="StartUs"/>, <see cref="EndUs"/>).
/// </summary>
/// <param name="Label">Class index, 0-based.</param>
/// <param name="Source">Index of the recording the events come from (the dataset's own numbering).</param>
/// <param name="StartUs">First microsecond (inclusive); <see cref="long.MinValue"/> for a whole recording.</param>
/// <param name="EndUs">End (exclusive); <see cref="long.MaxValue"/> for a whole recording.</param>
public readonly record struct DatasetSample(int Label, int Source, long StartUs = long.MinValue, long EndUs = long.MaxValue)
{
    /// <summary>True when the sample is a whole recording (no time window).</summary>
    public bool IsWhole => StartUs == long.MinValue && EndUs == long.MaxValue;
}

/// <summary>What a scan of one sample found.</summary>
/// <param name="Events">Number of events.</param>
/// <param name="FirstUs">Time of the first event (0 when there is none).</param>
/// <param name="LastUs">Time of the last event (0 when there is none).</param>
public readonly record struct SampleExtent(long Events, long FirstUs, long LastUs);
