namespace Edge.Drivers.Formats.Io;

/// <summary>
/// Unwraps a timestamp counter that wraps every 2^bits µs (jAER's rule for AEDAT): a step back of
/// more than a quarter of the counter's range is a wrap and adds the range; a smaller step back is
/// an event out of order, delivered at its own time and counted. Each time is compared with the
/// previous event's.
/// </summary>
internal struct TimestampUnwrapper
{
    private readonly long _range;
    private long _base;
    private long _last;
    private bool _hasLast;

    /// <param name="bits">Width of the counter.</param>
    /// <param name="offset">Added to every time (a header's time offset).</param>
    public TimestampUnwrapper(int bits, long offset)
    {
        _range = 1L << bits;
        _base = offset;
    }

    /// <summary>Wraps unwrapped so far.</summary>
    public long Wraps { get; private set; }

    /// <summary>Events earlier than the one before them (not wraps) so far.</summary>
    public long OutOfOrder { get; private set; }

    /// <summary>The unwrapped time of a counter value (possibly beyond the range, when the format adds its own offsets).</summary>
    public long Unwrap(long counter)
    {
        var t = _base + counter;
        if (_hasLast && t < _last)
        {
            if (_last - t > _range >> 2)
            {
                _base += _range;
                t += _range;
                Wraps++;
            }
            else
            {
                OutOfOrder++;
            }
        }
        _last = t;
        _hasLast = true;
        return t;
    }

    /// <summary>Forgets the previous time (after damage: times decoded from garbage are not compared with).</summary>
    public void Forget() => _hasLast = false;
}
