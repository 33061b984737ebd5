using System.Runtime.CompilerServices;
using Edge.Runtime.Events;

namespace Edge.Sim.Sensor;

/// <summary>
/// The readout of one frame interval: pixels stage their events (pixel, polarity, µs offset) in
/// scan order, then a counting sort over the offsets turns them into time-ordered
/// <see cref="DvsEvent"/>s — stable, so events of the same microsecond keep scan order. Its
/// capacity is the readout bandwidth per frame; buffers are allocated once.
/// </summary>
internal sealed class FrameReadout
{
    private readonly int _width;
    private readonly int[] _stagedPixel;
    private readonly int[] _stagedOffset;
    private readonly int[] _starts;
    private readonly DvsEvent[] _events;
    private int _staged;
    private int _count;

    public FrameReadout(int capacity, int maxIntervalUs, int width)
    {
        _width = width;
        _stagedPixel = new int[capacity];
        _stagedOffset = new int[capacity];
        _starts = new int[maxIntervalUs + 1];
        _events = new DvsEvent[capacity];
        MemoryBytes = (2L * sizeof(int) * capacity) + (sizeof(int) * (long)_starts.Length) + ((long)Unsafe.SizeOf<DvsEvent>() * capacity);
    }

    /// <summary>Events one frame can hold.</summary>
    public int Capacity => _events.Length;

    /// <summary>True when a <see cref="TryStage"/> of this frame found the readout full.</summary>
    public bool Saturated { get; private set; }

    /// <summary>Bytes of the buffers.</summary>
    public long MemoryBytes { get; }

    /// <summary>The events of the last sorted frame.</summary>
    public ReadOnlySpan<DvsEvent> Events => new(_events, 0, _count);

    /// <summary>Starts a frame: nothing staged.</summary>
    public void Begin()
    {
        _staged = 0;
        _count = 0;
        Saturated = false;
    }

    /// <summary>Stages an event <paramref name="offset"/> µs into the frame; false when the readout is full.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryStage(int pixel, int polarity, int offset)
    {
        if (_staged == _stagedPixel.Length)
        {
            Saturated = true;
            return false;
        }
        _stagedPixel[_staged] = (pixel << 1) | polarity;
        _stagedOffset[_staged] = offset;
        _staged++;
        return true;
    }

    /// <summary>Sorts the staged events of the interval starting at <paramref name="startUs"/> (offsets 0 … intervalUs − 1).</summary>
    public ReadOnlySpan<DvsEvent> Sort(long startUs, int intervalUs)
    {
        var starts = _starts.AsSpan(0, intervalUs + 1);
        starts.Clear();
        var offsets = _stagedOffset.AsSpan(0, _staged);
        foreach (var offset in offsets)
        {
            starts[offset + 1]++;
        }
        for (var k = 1; k < starts.Length; k++)
        {
            starts[k] += starts[k - 1];
        }
        for (var s = 0; s < offsets.Length; s++)
        {
            var offset = offsets[s];
            var packed = _stagedPixel[s];
            var y = Math.DivRem(packed >> 1, _width, out var x);
            _events[starts[offset]++] = new DvsEvent(startUs + offset, (ushort)x, (ushort)y, (byte)(packed & 1));
        }
        _count = offsets.Length;
        return Events;
    }
}
