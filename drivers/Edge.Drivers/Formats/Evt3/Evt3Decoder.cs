using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Edge.Runtime.Events;

namespace Edge.Drivers.Formats.Evt3;

/// <summary>
/// Incremental Prophesee EVT 3.0 decoder: bytes in, events out, with the time, row, x-base and
/// polarity state kept across calls, so a file reader and a live camera stream share it. Input may
/// be split anywhere, and an output span that fills in the middle of a vector word resumes there.
/// </summary>
/// <remarks>
/// Time follows OpenEB's reference decoder: TIME_HIGH sets the high 12 bits (a loop every 2^24 µs
/// is detected as a large backward jump), TIME_LOW the low 12 bits. TIME_LOW wrapping around never
/// advances the time on its own: the stream carries the next TIME_HIGH for that (deriving it from
/// the wrap, as expelliarmus does, counts every 4096 µs boundary twice). Words before the first
/// TIME_HIGH have no time base and are skipped.
/// </remarks>
public sealed class Evt3Decoder : IRawEventDecoder
{
    private const int CdY = 0x0;
    private const int EmY = 0x1;
    private const int XPos = 0x2;
    private const int XBase = 0x3;
    private const int Vect12 = 0x4;
    private const int Vect8 = 0x5;
    private const int TimeLow = 0x6;
    private const int TimeHigh = 0x8;
    private const int ExtTrigger = 0xA;
    private const long MaxTimestampBase = ((1L << 12) - 1) << 12;
    private const long TimeLoop = MaxTimestampBase + (1L << 12);
    private const long LoopThreshold = 10L << 12;

    private long _timeBase;
    private long _time;
    private bool _hasTimeBase;
    private bool _isCd = true;
    private ushort _y;
    private int _xBase;
    private byte _polarity;
    private uint _pendingMask;
    private int _pendingBase;
    private byte _partial;
    private bool _hasPartial;

    /// <summary>Creates a decoder.</summary>
    /// <param name="timeOffsetUs">Added to every decoded timestamp.</param>
    public Evt3Decoder(long timeOffsetUs = 0)
    {
        TimeOffsetUs = timeOffsetUs;
    }

    /// <summary>Added to every decoded timestamp.</summary>
    public long TimeOffsetUs { get; }

    /// <summary>True once a TIME_HIGH word has set the time base.</summary>
    public bool HasTimeBase => _hasTimeBase;

    /// <summary>Vendor (OTHERS, CONTINUED), reserved and time-less words skipped so far.</summary>
    public long WordsSkipped { get; private set; }

    /// <summary>External trigger words seen (not delivered as events).</summary>
    public long TriggerWords { get; private set; }

    /// <summary>TIME_HIGH loops (2^24 µs each) unwrapped so far.</summary>
    public long TimeHighLoops { get; private set; }

    /// <summary>Bytes of an incomplete word held until the next call (non-zero at the end means truncation).</summary>
    public int PendingBytes => _hasPartial ? 1 : 0;

    /// <summary>Forgets all state, as for a new stream.</summary>
    public void Reset()
    {
        _timeBase = _time = 0;
        _hasTimeBase = false;
        _isCd = true;
        _y = 0;
        _xBase = 0;
        _polarity = 0;
        _pendingMask = 0;
        _hasPartial = false;
        WordsSkipped = TriggerWords = TimeHighLoops = 0;
    }

    /// <summary>
    /// Decodes as much of <paramref name="input"/> as fits into <paramref name="events"/>. Every
    /// byte is consumed unless <paramref name="events"/> fills up first; a trailing odd byte is
    /// kept for the next call.
    /// </summary>
    /// <returns>The number of events written.</returns>
    public int Decode(ReadOnlySpan<byte> input, Span<DvsEvent> events, out int bytesConsumed)
    {
        var written = 0;
        var pos = 0;
        if (_pendingMask != 0)
        {
            _pendingMask = EmitVector(_pendingMask, _pendingBase, events, ref written);
            if (_pendingMask != 0)
            {
                bytesConsumed = 0;
                return written;
            }
        }
        if (_hasPartial && !input.IsEmpty && written < events.Length)
        {
            ReadOnlySpan<byte> pair = [_partial, input[0]];
            _hasPartial = false;
            pos = 1;
            DecodeWords(MemoryMarshal.Cast<byte, ushort>(pair), events, ref written);
        }
        if (_hasPartial || written == events.Length && _pendingMask != 0)
        {
            bytesConsumed = pos;
            return written;
        }

        var words = MemoryMarshal.Cast<byte, ushort>(input.Slice(pos, (input.Length - pos) & ~1));
        var used = DecodeWords(words, events, ref written);
        pos += used * 2;
        if (used == words.Length && pos < input.Length)
        {
            _partial = input[pos++];
            _hasPartial = true;
        }
        bytesConsumed = pos;
        return written;
    }

    private int DecodeWords(ReadOnlySpan<ushort> words, Span<DvsEvent> events, ref int written)
    {
        var i = 0;
        if (!_hasTimeBase)
        {
            while (i < words.Length && Word(words[i]) >> 12 != TimeHigh)
            {
                i++;
            }
            WordsSkipped += i;
            if (i == words.Length)
            {
                return i;
            }
            _timeBase = (long)(Word(words[i]) & 0xFFF) << 12;
            _time = _timeBase;
            _hasTimeBase = true;
            i++;
        }

        // The state lives in locals while decoding: stores through the output span would otherwise
        // make the JIT reload every field after every event.
        var n = written;
        var capacity = events.Length;
        ref var dst = ref MemoryMarshal.GetReference(events);
        var offset = TimeOffsetUs;
        var timeBase = _timeBase;
        var t = _time + offset;
        var y = _y;
        var isCd = _isCd;
        var xBase = _xBase;
        var polarity = _polarity;
        long skipped = 0;
        long triggers = 0;
        for (; i < words.Length && n < capacity; i++)
        {
            int w = Word(words[i]);
            switch (w >> 12)
            {
                case CdY:
                    y = (ushort)(w & 0x7FF);
                    isCd = true;
                    break;
                case XPos:
                    if (isCd)
                    {
                        Unsafe.Add(ref dst, n++) = new DvsEvent(t, (ushort)(w & 0x7FF), y, (byte)((w >> 11) & 1));
                    }
                    break;
                case XBase:
                    xBase = w & 0x7FF;
                    polarity = (byte)((w >> 11) & 1);
                    break;
                case Vect12:
                case Vect8:
                    var width = (w >> 12) == Vect12 ? 12 : 8;
                    var mask = (uint)(w & ((1 << width) - 1));
                    if (isCd && mask != 0)
                    {
                        if (BitOperations.PopCount(mask) <= capacity - n)
                        {
                            do
                            {
                                Unsafe.Add(ref dst, n++) = new DvsEvent(t, (ushort)(xBase + BitOperations.TrailingZeroCount(mask)), y, polarity);
                                mask &= mask - 1;
                            }
                            while (mask != 0);
                        }
                        else
                        {
                            // The output fills inside this vector: keep the rest for the next call.
                            Save(timeBase, t - offset, y, isCd, xBase + width, polarity, skipped, triggers);
                            written = n;
                            _pendingMask = EmitVector(mask, xBase, events, ref written);
                            _pendingBase = xBase;
                            return i + 1;
                        }
                    }
                    xBase += width;
                    break;
                case TimeLow:
                    t = timeBase + (w & 0xFFF) + offset;
                    break;
                case TimeHigh:
                    var next = ((long)(w & 0xFFF) << 12) + (TimeHighLoops * TimeLoop);
                    if (timeBase > next && timeBase - next >= MaxTimestampBase - LoopThreshold)
                    {
                        next += TimeLoop;
                        TimeHighLoops++;
                    }
                    timeBase = next;
                    t = next + offset;
                    break;
                case EmY:
                    isCd = false;
                    break;
                case ExtTrigger:
                    triggers++;
                    break;
                default:
                    skipped++;
                    break;
            }
        }
        Save(timeBase, t - offset, y, isCd, xBase, polarity, skipped, triggers);
        written = n;
        return i;
    }

    private void Save(long timeBase, long time, ushort y, bool isCd, int xBase, byte polarity, long skipped, long triggers)
    {
        _timeBase = timeBase;
        _time = time;
        _y = y;
        _isCd = isCd;
        _xBase = xBase;
        _polarity = polarity;
        WordsSkipped += skipped;
        TriggerWords += triggers;
    }

    /// <summary>Emits the events of a vector mask that fit; returns the bits that did not.</summary>
    private uint EmitVector(uint mask, int xBase, Span<DvsEvent> events, ref int written)
    {
        var n = written;
        var t = _time + TimeOffsetUs;
        var y = _y;
        var p = _polarity;
        while (mask != 0 && n < events.Length)
        {
            events[n++] = new DvsEvent(t, (ushort)(xBase + BitOperations.TrailingZeroCount(mask)), y, p);
            mask &= mask - 1;
        }
        written = n;
        return mask;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ushort Word(ushort raw) => BitConverter.IsLittleEndian ? raw : BinaryPrimitives.ReverseEndianness(raw);
}
