using Edge.Runtime.Events;

namespace Edge.Devices.Cameras.Edvs;

/// <summary>
/// Incremental decoder of the eDVS binary event stream (<c>!E2</c>, <c>!E3</c>, <c>!E4</c>):
/// feed it bytes as they arrive, it returns whole events and says how many bytes it used; the
/// unused tail stays with the caller for the next call. Allocates nothing.
/// </summary>
/// <remarks>
/// <para><b>Resync.</b> An event starts with a byte whose bit 7 is set; libcaer and jAER skip
/// bytes until they see one. That alone can lock onto the wrong phase after a lost byte, because
/// the high timestamp byte keeps the same bit 7 for milliseconds to seconds. So the decoder checks
/// more than the sync bit: while in step it also wants the first byte of the next event to carry
/// the sync bit and the timestamp to move forward by a plausible step; when that fails, or at the
/// start, it only accepts a position where the next four events line up too (sync bits and
/// plausible steps), skipping and counting one byte at a time until one does. If no position
/// qualifies within a few events' worth of bytes (a very sparse stream), it falls back to the
/// sync bit alone. Decisions look only at bytes that have arrived, so the result does not depend
/// on how the stream was split into reads; the price is that an event is returned once the
/// first byte after it has arrived (or the stream ended).</para>
/// <para><b>Timestamp unwrap.</b> The 16-bit <c>!E2</c> timestamp cannot tell a wrap from damage,
/// so every decrease is a wrap (libcaer's rule; a silent gap longer than 65.5 ms loses a wrap —
/// prefer E3/E4). For E3/E4 a decrease of more than half the period is a wrap and a smaller one is
/// a backward jump that is held at the previous time and counted, so time stays monotonic.</para>
/// <para><b>Conventions.</b> The p bit is 0 for ON (the DVS128 chip's convention); coordinates are
/// passed through with (0, 0) upper-left, as libcaer does for the eDVS.</para>
/// </remarks>
public sealed class EdvsDecoder
{
    private const byte SyncBit = 0x80;
    private const int WindowEvents = 4;
    private readonly int _eventSize;
    private readonly int _timestampBytes;
    private readonly long _period;
    private readonly long _wrapThreshold;
    private readonly long _maxStep;
    private readonly int _fallbackBytes;
    private long _wrapAdd;
    private long _lastRaw = -1;
    private long _lastTime = long.MinValue;
    private bool _inStep;
    private int _skippedSinceStep;

    /// <summary>Creates a decoder for one stream.</summary>
    public EdvsDecoder(EdvsEventFormat format)
    {
        _eventSize = format.EventSize();
        _timestampBytes = format.TimestampBytes();
        _period = 1L << (8 * _timestampBytes);
        _wrapThreshold = format == EdvsEventFormat.E2 ? 0 : _period / 2;
        // Largest step between consecutive events taken as plausible: an eighth of the E2 period
        // (8.2 ms), one second for E3/E4. A longer silence costs a re-check, not an event.
        _maxStep = format == EdvsEventFormat.E2 ? _period / 8 : 1_000_000;
        _fallbackBytes = WindowEvents * _eventSize;
        Format = format;
    }

    /// <summary>The event format decoded.</summary>
    public EdvsEventFormat Format { get; }

    /// <summary>Bytes per event.</summary>
    public int EventSize => _eventSize;

    /// <summary>Bytes skipped while looking for the start of an event.</summary>
    public long BytesSkipped { get; private set; }

    /// <summary>Timestamp wraps unwrapped.</summary>
    public long TimestampWraps { get; private set; }

    /// <summary>Backward timestamp jumps (E3/E4) that were held at the previous time.</summary>
    public long TimestampRepairs { get; private set; }

    /// <summary>Events decoded so far.</summary>
    public long EventsDecoded { get; private set; }

    /// <summary>
    /// Decodes whole events from <paramref name="bytes"/> into <paramref name="destination"/> until
    /// one of them runs out. Returns the number of events written; <paramref name="consumed"/> is
    /// the number of bytes used (decoded or skipped). Pass the unused bytes again, followed by the
    /// next ones; with <paramref name="endOfStream"/> everything left is decoded without waiting.
    /// </summary>
    public int Decode(ReadOnlySpan<byte> bytes, Span<DvsEvent> destination, out int consumed, bool endOfStream = false)
    {
        var size = _eventSize;
        var i = 0;
        var n = 0;
        while (n < destination.Length)
        {
            var available = bytes.Length - i;
            if (available < size || (available == size && !endOfStream))
            {
                break;
            }
            if ((bytes[i] & SyncBit) == 0)
            {
                Skip(ref i);
                continue;
            }
            var whole = bytes[i..];
            if (_inStep && !FollowsInStep(whole))
            {
                _inStep = false;
            }
            if (!_inStep)
            {
                if (available < (WindowEvents + 1) * size && !endOfStream)
                {
                    break; // wait for enough bytes to check the phase
                }
                if (!LinesUp(whole) && _skippedSinceStep < _fallbackBytes)
                {
                    Skip(ref i);
                    continue;
                }
                _inStep = true;
                _skippedSinceStep = 0;
            }
            destination[n++] = DecodeOne(whole[..size]);
            i += size;
        }
        consumed = i;
        EventsDecoded += n;
        return n;
    }

    private void Skip(ref int i)
    {
        i++;
        BytesSkipped++;
        _skippedSinceStep++;
        _inStep = false;
    }

    /// <summary>In step: the next event starts with a sync bit and this one moves time plausibly.</summary>
    private bool FollowsInStep(ReadOnlySpan<byte> bytes)
    {
        var size = _eventSize;
        if (bytes.Length > size && (bytes[size] & SyncBit) == 0)
        {
            return false;
        }
        return _lastRaw < 0 || Step(_lastRaw, Raw(bytes)) <= _maxStep;
    }

    /// <summary>Out of step: this position and the following events (as far as they arrived) line up.</summary>
    private bool LinesUp(ReadOnlySpan<byte> bytes)
    {
        var size = _eventSize;
        var previous = Raw(bytes);
        for (var k = 1; k <= WindowEvents && (k + 1) * size <= bytes.Length; k++)
        {
            var next = bytes[(k * size)..];
            if ((next[0] & SyncBit) == 0)
            {
                return false;
            }
            var raw = Raw(next);
            if (Step(previous, raw) > _maxStep)
            {
                return false;
            }
            previous = raw;
        }
        return true;
    }

    private long Step(long from, long to) => (to - from) & (_period - 1);

    private long Raw(ReadOnlySpan<byte> e)
    {
        long raw = 0;
        for (var k = 2; k < 2 + _timestampBytes; k++)
        {
            raw = (raw << 8) | e[k];
        }
        return raw;
    }

    private DvsEvent DecodeOne(ReadOnlySpan<byte> e)
    {
        var raw = Raw(e);
        if (_lastRaw >= 0 && raw < _lastRaw)
        {
            if (_lastRaw - raw > _wrapThreshold)
            {
                _wrapAdd += _period;
                TimestampWraps++;
            }
            else
            {
                TimestampRepairs++;
            }
        }
        _lastRaw = raw;

        var t = Math.Max(_wrapAdd + raw, _lastTime);
        _lastTime = t;
        var x = (ushort)(e[1] & 0x7F);
        var y = (ushort)(e[0] & 0x7F);
        var on = (e[1] & 0x80) == 0;
        return new DvsEvent(t, x, y, on ? (byte)1 : (byte)0);
    }
}
