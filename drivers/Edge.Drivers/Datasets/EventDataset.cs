using Edge.Runtime;
using Edge.Runtime.Events;

namespace Edge.Drivers.Datasets;

/// <summary>
/// One split of a dataset as a labelled event stream: a list of <see cref="DatasetSample"/>s read
/// in an order the caller may shuffle. Each sample's events stream through a fixed chunk buffer; a
/// recording is reopened only when the next sample is not later in the same recording, so the
/// segments of one long recording are read in one pass. <see cref="Read"/> allocates nothing; moving
/// to a sample in another recording opens that recording's reader.
/// </summary>
public abstract class EventDataset : ILabelledEventSource
{
    private const int ChunkEvents = 4096;

    private readonly List<DatasetSample> _samples;
    private readonly DvsEvent[] _chunk = new DvsEvent[ChunkEvents];
    private readonly DvsEvent[] _scan = new DvsEvent[ChunkEvents];
    private int[] _order;
    private int _next;
    private int _chunkOffset;
    private int _chunkCount;
    private IEventSource? _reader;
    private int _readerSource = -1;
    private long _lastConsumedUs = long.MinValue;
    private bool _sampleEnded = true;
    private bool _disposed;

    /// <summary>Creates the split over <paramref name="samples"/> (natural order).</summary>
    protected EventDataset(DatasetKind kind, DatasetSplit split, string root, SensorGeometry geometry,
        IReadOnlyList<string> classNames, List<DatasetSample> samples)
    {
        ArgumentNullException.ThrowIfNull(classNames);
        ArgumentNullException.ThrowIfNull(samples);
        Kind = kind;
        Split = split;
        Root = root;
        Geometry = geometry;
        ClassNames = classNames;
        _samples = samples;
        _order = Identity(samples.Count);
    }

    /// <summary>Which dataset.</summary>
    public DatasetKind Kind { get; }

    /// <summary>Which split.</summary>
    public DatasetSplit Split { get; }

    /// <summary>The dataset's root folder.</summary>
    public string Root { get; }

    /// <inheritdoc />
    public SensorGeometry Geometry { get; }

    /// <inheritdoc />
    public int ClassCount => ClassNames.Count;

    /// <inheritdoc />
    public IReadOnlyList<string> ClassNames { get; }

    /// <summary>Samples of the split, in natural order.</summary>
    public IReadOnlyList<DatasetSample> Samples => _samples;

    /// <summary>Number of samples.</summary>
    public int Count => _samples.Count;

    /// <summary>The sample <see cref="MoveNext"/> moved to.</summary>
    public DatasetSample Current { get; private set; }

    /// <summary>
    /// Event count and time span of the current sample when <see cref="MoveNext"/> measured it (whole
    /// recordings); null for time windows.
    /// </summary>
    public SampleExtent? CurrentExtent { get; private set; }

    /// <summary>Index in <see cref="Samples"/> of the sample <see cref="MoveNext"/> moved to (−1 before the first).</summary>
    public int CurrentIndex { get; private set; } = -1;

    /// <summary>Position in the order of the next sample <see cref="MoveNext"/> moves to.</summary>
    public int Position => _next;

    /// <summary>Reads the samples in <paramref name="order"/> (indices into <see cref="Samples"/>) from the start.</summary>
    public void SetOrder(ReadOnlySpan<int> order)
    {
        if (order.Length != _samples.Count)
        {
            throw new ArgumentException($"the order has {order.Length} entries, the split {_samples.Count} samples", nameof(order));
        }
        foreach (var index in order)
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)_samples.Count, nameof(order));
        }
        order.CopyTo(_order);
        _next = 0;
    }

    /// <summary>Reads the samples in a random order drawn from <paramref name="rng"/>, from the start.</summary>
    public void Shuffle(Rng rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        _order = Identity(_samples.Count);
        rng.Shuffle(_order.AsSpan());
        _next = 0;
    }

    /// <summary>Makes <paramref name="position"/> (in the current order) the next sample.</summary>
    public void Seek(int position)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(position);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(position, _samples.Count);
        _next = position;
    }

    /// <summary>
    /// Moves to the next sample. The segment is the sample's time window; for a whole recording it
    /// is the span of its events, found by a scan (an empty recording gives an empty segment).
    /// </summary>
    public bool MoveNext(out Segment segment)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_next >= _samples.Count)
        {
            segment = default;
            _sampleEnded = true;
            return false;
        }
        CurrentIndex = _order[_next++];
        var sample = _samples[CurrentIndex];
        Current = sample;
        CurrentExtent = null;
        if (_reader is null || _readerSource != sample.Source || sample.StartUs <= _lastConsumedUs)
        {
            Open(sample.Source);
        }
        _sampleEnded = false;
        if (!sample.IsWhole)
        {
            segment = new Segment(sample.Label, sample.StartUs, sample.EndUs);
            return true;
        }
        var extent = Measure();
        CurrentExtent = extent;
        segment = extent.Events == 0
            ? new Segment(sample.Label, 0, 0)
            : new Segment(sample.Label, extent.FirstUs, extent.LastUs + 1);
        return true;
    }

    /// <inheritdoc />
    public int Read(Span<DvsEvent> destination)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var written = 0;
        var start = Current.StartUs;
        var end = Current.EndUs;
        while (!_sampleEnded && written < destination.Length)
        {
            if (_chunkOffset == _chunkCount && !Refill())
            {
                _sampleEnded = true;
                break;
            }
            var pending = _chunk.AsSpan(_chunkOffset, _chunkCount - _chunkOffset);
            var skip = 0;
            while (skip < pending.Length && pending[skip].T < start)
            {
                skip++;
            }
            if (skip > 0)
            {
                _lastConsumedUs = pending[skip - 1].T;
                _chunkOffset += skip;
                pending = pending[skip..];
            }
            var room = Math.Min(pending.Length, destination.Length - written);
            var n = 0;
            while (n < room && pending[n].T < end)
            {
                n++;
            }
            if (n > 0)
            {
                pending[..n].CopyTo(destination[written..]);
                written += n;
                _chunkOffset += n;
                _lastConsumedUs = pending[n - 1].T;
            }
            if (n < room)
            {
                _sampleEnded = true;
            }
        }
        return written;
    }

    /// <summary>Goes back to the first event of the current sample (reopens its recording).</summary>
    public void Rewind()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        Open(Current.Source);
        _sampleEnded = false;
    }

    /// <summary>Counts the current sample's events and finds their time span, then rewinds to its start.</summary>
    public SampleExtent Measure()
    {
        Rewind();
        var extent = Scan();
        Rewind();
        return extent;
    }

    /// <summary>
    /// Cuts every sample into windows of <paramref name="windowUs"/> as tonic's <c>SliceByTime</c>
    /// does (no overlap, incomplete last window dropped): a sample whose events span d µs from its
    /// first event gives max(1, ⌊d / window⌋) windows starting at that event. Samples without events
    /// are dropped. Reads the whole split once; the order becomes the natural order of the slices.
    /// </summary>
    /// <returns>The number of samples dropped because they hold no events.</returns>
    public int SliceByTime(long windowUs)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(windowUs);
        var slices = new List<DatasetSample>(_samples.Count);
        var empty = 0;
        _order = Identity(_samples.Count);
        _next = 0;
        while (MoveNext(out _))
        {
            var sample = Current;
            var extent = CurrentExtent ?? Scan();
            if (extent.Events == 0)
            {
                empty++;
                continue;
            }
            var count = Math.Max(1, (extent.LastUs - extent.FirstUs) / windowUs);
            for (long j = 0; j < count; j++)
            {
                var from = extent.FirstUs + (j * windowUs);
                slices.Add(sample with { StartUs = from, EndUs = Math.Min(from + windowUs, sample.EndUs) });
            }
        }
        _samples.Clear();
        _samples.AddRange(slices);
        _order = Identity(_samples.Count);
        _next = 0;
        CloseReader();
        return empty;
    }

    /// <summary>Reads the rest of the current sample, returning its extent (no rewind).</summary>
    private SampleExtent Scan()
    {
        long events = 0, first = 0, last = 0;
        for (int n; (n = Read(_scan)) > 0;)
        {
            if (events == 0)
            {
                first = _scan[0].T;
            }
            events += n;
            last = _scan[n - 1].T;
        }
        return new SampleExtent(events, first, last);
    }

    /// <summary>Opens recording <paramref name="source"/> for streaming from its first event.</summary>
    protected abstract IEventSource OpenSource(int source);

    /// <summary>The file (or file and record) of recording <paramref name="source"/>, for messages.</summary>
    public abstract string SourceName(int source);

    private void Open(int source)
    {
        CloseReader();
        _reader = OpenSource(source);
        _readerSource = source;
    }

    private void CloseReader()
    {
        _reader?.Dispose();
        _reader = null;
        _readerSource = -1;
        _chunkOffset = 0;
        _chunkCount = 0;
        _lastConsumedUs = long.MinValue;
    }

    private bool Refill()
    {
        _chunkOffset = 0;
        _chunkCount = _reader is null ? 0 : _reader.Read(_chunk);
        return _chunkCount > 0;
    }

    private static int[] Identity(int count)
    {
        var order = new int[count];
        for (var i = 0; i < count; i++)
        {
            order[i] = i;
        }
        return order;
    }

    /// <summary>Closes the open recording.</summary>
    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            Dispose(true);
            GC.SuppressFinalize(this);
        }
    }

    /// <summary>Closes the open recording and any file the dataset keeps open.</summary>
    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            CloseReader();
        }
    }
}
