using Edge.Runtime.Events;
using PureHDF;
using PureHDF.Selections;
using PureHDF.VOL.Native;

namespace Edge.Drivers.Datasets.Mvsec;

/// <summary>
/// An MVSEC sequence as a flow source, from the HDF5 files the dataset ships: the left DAVIS's
/// events in <c>NAME_data.hdf5</c> (<c>davis/left/events</c>, N × 4: x, y, t in seconds, polarity
/// ±1) and the ground-truth flow in <c>NAME_gt.hdf5</c> (<c>davis/left/flow_dist</c>, M × 2 × H × W
/// pixel displacements, and <c>davis/left/flow_dist_ts</c>, M times in seconds). Segment k is
/// [ts_k, ts_k+1) with the flow map flow_dist[k] (the pairing EV-FlowNet's evaluation uses); a pixel
/// whose truth is zero in both components or not finite has none (MVSEC marks pixels without depth
/// so). Events are read in chunks of <see cref="ChunkEvents"/> rows into one buffer and a segment's
/// flow map into another.
/// </summary>
public sealed class MvsecFlowSource : IFlowEventSource
{
    /// <summary>Events read from the file per read.</summary>
    public const int ChunkEvents = 1 << 14;

    /// <summary>The largest flow map side taken (MVSEC's DAVIS is 346 x 260).</summary>
    private const int MaxSide = 4096;

    private const string EventsName = "davis/left/events";
    private const string FlowName = "davis/left/flow_dist";
    private const string FlowTimesName = "davis/left/flow_dist_ts";

    private readonly NativeFile _data;
    private readonly NativeFile _truth;
    private readonly NativeDataset _events;
    private readonly NativeDataset _flow;
    private readonly bool _doubleEvents;
    private readonly bool _doubleFlow;
    private readonly long[] _flowUs;
    private readonly long _eventCount;
    private readonly int _segments;
    private readonly double[] _rows64;
    private readonly float[] _rows32;
    private readonly double[] _flow64;
    private readonly float[] _flow32;
    private long _chunkStart;
    private int _chunkCount;
    private int _chunkIndex;
    private int _index = -1;
    private long _endUs;

    private MvsecFlowSource(string dataPath, string truthPath, NativeFile data, NativeFile truth, int maxSamples)
    {
        DataPath = dataPath;
        TruthPath = truthPath;
        _data = data;
        _truth = truth;
        var reading = dataPath;
        double[] seconds;
        try
        {
            _events = Require(data, dataPath, EventsName);
            var eventDims = _events.Space.Dimensions;
            if (eventDims.Length != 2 || eventDims[1] != 4 || _events.Type.Class != H5DataTypeClass.FloatingPoint)
            {
                throw new DatasetException(dataPath, $"'{EventsName}' is not an N x 4 array of floats (x, y, t, p), as MVSEC's _data.hdf5 has it");
            }
            _doubleEvents = _events.Type.Size == 8;
            _eventCount = (long)eventDims[0];
            reading = truthPath;
            _flow = Require(truth, truthPath, FlowName);
            var times = Require(truth, truthPath, FlowTimesName);
            var flowDims = _flow.Space.Dimensions;
            if (flowDims.Length != 4 || flowDims[1] != 2 || _flow.Type.Class != H5DataTypeClass.FloatingPoint)
            {
                throw new DatasetException(truthPath, $"'{FlowName}' is not an M x 2 x H x W array of floats, as MVSEC's _gt.hdf5 has it");
            }
            _doubleFlow = _flow.Type.Size == 8;
            if (flowDims[2] is 0 or > MaxSide || flowDims[3] is 0 or > MaxSide)
            {
                throw new DatasetException(truthPath, $"'{FlowName}' has flow maps of {flowDims[3]} x {flowDims[2]} pixels; expected 1 to {MaxSide} on each side");
            }
            Geometry = new SensorGeometry((int)flowDims[3], (int)flowDims[2]);
            var timeDims = times.Space.Dimensions;
            if (timeDims.Length != 1 || timeDims[0] != flowDims[0] || times.Type.Class != H5DataTypeClass.FloatingPoint)
            {
                throw new DatasetException(truthPath, $"'{FlowTimesName}' has {(timeDims.Length == 1 ? timeDims[0] : 0)} times for {flowDims[0]} flow maps; MVSEC has one per map");
            }
            seconds = times.Type.Size == 8 ? times.Read<double[]>() : Widen(times.Read<float[]>());
            _flowUs = new long[seconds.Length];
            for (var k = 0; k < seconds.Length; k++)
            {
                _flowUs[k] = (long)Math.Round(seconds[k] * 1e6);
                if (k > 0 && _flowUs[k] <= _flowUs[k - 1])
                {
                    throw new DatasetException(truthPath, $"'{FlowTimesName}'[{k}] does not come after [{k - 1}]; the flow maps must be in time order");
                }
            }
        }
        catch (Exception ex) when (Hdf5Damage.IsDamage(ex))
        {
            throw Hdf5Damage.Error(reading, "reading the MVSEC layout", ex);
        }
        _segments = Math.Max(0, Math.Min(maxSamples, seconds.Length - 1));
        _rows64 = _doubleEvents ? new double[ChunkEvents * 4] : [];
        _rows32 = _doubleEvents ? [] : new float[ChunkEvents * 4];
        var plane = 2 * Geometry.Pixels;
        _flow64 = _doubleFlow ? new double[plane] : [];
        _flow32 = _doubleFlow ? [] : new float[plane];
    }

    /// <summary>The events file.</summary>
    public string DataPath { get; }

    /// <summary>The ground-truth file.</summary>
    public string TruthPath { get; }

    /// <summary>Segments this source gives (one per pair of consecutive flow maps, up to the asked number).</summary>
    public int SegmentCount => _segments;

    /// <inheritdoc />
    public SensorGeometry Geometry { get; }

    /// <inheritdoc />
    public int ClassCount => 1;

    /// <inheritdoc />
    public IReadOnlyList<string> ClassNames { get; } = ["mvsec"];

    /// <summary>
    /// Opens a sequence: <paramref name="dataPath"/> is its <c>_data.hdf5</c>; <paramref name="truthPath"/>
    /// its <c>_gt.hdf5</c> (null: the file of the same name with <c>_gt.hdf5</c> for <c>_data.hdf5</c>).
    /// At most <paramref name="maxSamples"/> segments are given.
    /// </summary>
    /// <exception cref="DatasetException">A file that is missing, not HDF5, or not laid out as MVSEC's.</exception>
    public static MvsecFlowSource Open(string dataPath, string? truthPath, int maxSamples = int.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(dataPath);
        if (truthPath is null)
        {
            const string suffix = "_data.hdf5";
            truthPath = dataPath.EndsWith(suffix, StringComparison.Ordinal)
                ? dataPath[..^suffix.Length] + "_gt.hdf5"
                : throw new DatasetException(dataPath, "is not named NAME_data.hdf5, so its ground truth cannot be found beside it: give it with ?gt=PATH_gt.hdf5");
        }
        var data = OpenFile(dataPath);
        NativeFile? truth = null;
        try
        {
            truth = OpenFile(truthPath);
            return new MvsecFlowSource(dataPath, truthPath, data, truth, maxSamples);
        }
        catch
        {
            truth?.Dispose();
            data.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public bool MoveNext(out Segment segment)
    {
        if (_index + 1 >= _segments)
        {
            _index = _segments;
            segment = default;
            return false;
        }
        _index++;
        segment = new Segment(0, _flowUs[_index], _flowUs[_index + 1]);
        _endUs = segment.EndUs;
        if (_index == 0)
        {
            Seek(segment.StartUs);
        }
        else
        {
            // Events before the segment (a reader that stopped early) are skipped.
            while (Peek(out var t) && t < segment.StartUs)
            {
                _chunkIndex++;
            }
        }
        return true;
    }

    /// <inheritdoc />
    public int Read(Span<DvsEvent> destination)
    {
        if (_index < 0 || _index >= _segments)
        {
            return 0;
        }
        var n = 0;
        while (n < destination.Length && Peek(out var t) && t < _endUs)
        {
            var row = _chunkIndex * 4;
            double x = Column(row), y = Column(row + 1), p = Column(row + 3);
            destination[n++] = new DvsEvent(t, (ushort)Math.Clamp((int)x, 0, ushort.MaxValue), (ushort)Math.Clamp((int)y, 0, ushort.MaxValue), p > 0 ? (byte)1 : (byte)0);
            _chunkIndex++;
        }
        return n;
    }

    /// <inheritdoc />
    public bool TrueFlow(Span<float> flow)
    {
        if (_index < 0 || _index >= _segments)
        {
            return false;
        }
        var plane = Geometry.Pixels;
        if (flow.Length < 2 * plane)
        {
            throw new ArgumentException($"the flow buffer holds {flow.Length} values, a {Geometry} flow map {2 * plane}", nameof(flow));
        }
        ulong[] start = [(ulong)_index, 0, 0, 0];
        ulong[] block = [1, 2, (ulong)Geometry.Height, (ulong)Geometry.Width];
        var selection = new HyperslabSelection(4, start, block);
        try
        {
            if (_doubleFlow)
            {
                _flow.Read<double>(_flow64.AsSpan(), selection, null, block);
            }
            else
            {
                _flow.Read<float>(_flow32.AsSpan(), selection, null, block);
            }
        }
        catch (Exception ex) when (Hdf5Damage.IsDamage(ex))
        {
            throw Hdf5Damage.Error(TruthPath, string.Create(System.Globalization.CultureInfo.InvariantCulture, $"reading '{FlowName}'[{_index}]"), ex);
        }
        for (var p = 0; p < plane; p++)
        {
            double fx = _doubleFlow ? _flow64[p] : _flow32[p], fy = _doubleFlow ? _flow64[plane + p] : _flow32[plane + p];
            var known = double.IsFinite(fx) && double.IsFinite(fy) && (fx != 0 || fy != 0);
            flow[p] = known ? (float)fx : float.NaN;
            flow[plane + p] = known ? (float)fy : float.NaN;
        }
        return true;
    }

    /// <summary>Closes both files.</summary>
    public void Dispose()
    {
        _truth.Dispose();
        _data.Dispose();
    }

    private double Column(int i) => _doubleEvents ? _rows64[i] : _rows32[i];

    /// <summary>The time (µs) of the next event, reading the next chunk when needed; false at the end of the events.</summary>
    private bool Peek(out long timeUs)
    {
        if (_chunkIndex == _chunkCount && !ReadChunk(_chunkStart + _chunkCount))
        {
            timeUs = 0;
            return false;
        }
        timeUs = (long)Math.Round(Column((_chunkIndex * 4) + 2) * 1e6);
        return true;
    }

    private bool ReadChunk(long first)
    {
        if (first >= _eventCount)
        {
            return false;
        }
        var count = (int)Math.Min(ChunkEvents, _eventCount - first);
        ReadChunkOf(first, count);
        _chunkStart = first;
        _chunkCount = count;
        _chunkIndex = 0;
        return true;
    }

    /// <summary>Positions the reader on the first event at or after <paramref name="timeUs"/> (binary search over the rows).</summary>
    private void Seek(long timeUs)
    {
        long low = 0, high = _eventCount;
        while (low < high)
        {
            var middle = low + ((high - low) / 2);
            ReadChunkOf(middle, 1);
            if ((long)Math.Round(Column(2) * 1e6) < timeUs)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }
        _chunkStart = low;
        _chunkCount = 0;
        _chunkIndex = 0;
        ReadChunk(low);
    }

    /// <summary>Reads <paramref name="count"/> event rows from <paramref name="row"/> into the front of the row buffer.</summary>
    private void ReadChunkOf(long row, int count)
    {
        ulong[] block = [(ulong)count, 4];
        var selection = new HyperslabSelection(2, [(ulong)row, 0], block);
        try
        {
            if (_doubleEvents)
            {
                _events.Read<double>(_rows64.AsSpan(0, 4 * count), selection, null, block);
            }
            else
            {
                _events.Read<float>(_rows32.AsSpan(0, 4 * count), selection, null, block);
            }
        }
        catch (Exception ex) when (Hdf5Damage.IsDamage(ex))
        {
            throw Hdf5Damage.Error(DataPath, string.Create(System.Globalization.CultureInfo.InvariantCulture, $"reading '{EventsName}' rows {row} to {row + count - 1}"), ex);
        }
    }

    private static NativeFile OpenFile(string path)
    {
        if (!File.Exists(path))
        {
            throw new DatasetException(path, "no such file");
        }
        try
        {
            return H5File.OpenRead(path);
        }
        catch (Exception ex) when (Hdf5Damage.IsDamage(ex))
        {
            throw new DatasetException(path, $"is not a readable HDF5 file ({Hdf5Damage.Describe(ex)})");
        }
    }

    private static NativeDataset Require(NativeFile file, string path, string name)
    {
        if (!file.LinkExists(name))
        {
            throw new DatasetException(path, $"has no '{name}' dataset; expected MVSEC's layout ({EventsName} in NAME_data.hdf5; {FlowName} and {FlowTimesName} in NAME_gt.hdf5)");
        }
        return (NativeDataset)file.Dataset(name);
    }

    private static double[] Widen(float[] values)
    {
        var result = new double[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            result[i] = values[i];
        }
        return result;
    }
}
