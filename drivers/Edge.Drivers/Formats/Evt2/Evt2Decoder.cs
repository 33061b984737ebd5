using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Edge.Runtime.Events;

namespace Edge.Drivers.Formats.Evt2;

/// <summary>
/// Incremental Prophesee EVT 2.0 decoder: bytes in, events out, with the time-high state kept
/// across calls, so a file reader and a live camera stream (pipe, socket) share it. Input may be
/// split anywhere, even inside a word. Follows OpenEB's reference decoder: events before the
/// first TIME_HIGH have no time base and are skipped; TIME_HIGH loops (every 2^34 µs) are unwrapped.
/// </summary>
public sealed class Evt2Decoder : IRawEventDecoder
{
    private const uint CdOff = 0x0;
    private const uint CdOn = 0x1;
    private const uint TimeHigh = 0x8;
    private const uint ExtTrigger = 0xA;
    private const long MaxTimestampBase = ((1L << 28) - 1) << 6;
    private const long TimeLoop = MaxTimestampBase + (1L << 6);
    private const long LoopThreshold = 10L << 6;

    private long _timeBase;
    private bool _hasTimeBase;
    private uint _partial;
    private int _partialBytes;

    /// <summary>Creates a decoder.</summary>
    /// <param name="timeOffsetUs">Added to every decoded timestamp (files written rebased record it).</param>
    public Evt2Decoder(long timeOffsetUs = 0)
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

    /// <summary>TIME_HIGH loops (2^34 µs each) unwrapped so far.</summary>
    public long TimeHighLoops { get; private set; }

    /// <summary>Bytes of an incomplete word held until the next call (non-zero at the end means truncation).</summary>
    public int PendingBytes => _partialBytes;

    /// <summary>Forgets all state, as for a new stream.</summary>
    public void Reset()
    {
        _timeBase = 0;
        _hasTimeBase = false;
        _partial = 0;
        _partialBytes = 0;
        WordsSkipped = 0;
        TriggerWords = 0;
        TimeHighLoops = 0;
    }

    /// <summary>
    /// Decodes as much of <paramref name="input"/> as fits into <paramref name="events"/>. Every
    /// byte is consumed unless <paramref name="events"/> fills up first; a trailing partial word
    /// is kept for the next call.
    /// </summary>
    /// <returns>The number of events written.</returns>
    public int Decode(ReadOnlySpan<byte> input, Span<DvsEvent> events, out int bytesConsumed)
    {
        var written = 0;
        var pos = 0;
        if (_partialBytes > 0)
        {
            if (events.IsEmpty)
            {
                bytesConsumed = 0;
                return 0;
            }
            while (_partialBytes < 4 && pos < input.Length)
            {
                _partial |= (uint)input[pos++] << (8 * _partialBytes++);
            }
            if (_partialBytes < 4)
            {
                bytesConsumed = pos;
                return 0;
            }
            _partialBytes = 0;
            // _partial holds the bytes as a little-endian number; Word() expects memory order.
            DecodeWords([BitConverter.IsLittleEndian ? _partial : BinaryPrimitives.ReverseEndianness(_partial)], events, ref written);
        }

        var wholeWords = (input.Length - pos) >> 2;
        var words = MemoryMarshal.Cast<byte, uint>(input.Slice(pos, wholeWords * 4));
        var used = DecodeWords(words, events, ref written);
        pos += used * 4;
        if (used == words.Length)
        {
            // Keep the tail of a word split across calls.
            _partial = 0;
            while (pos < input.Length)
            {
                _partial |= (uint)input[pos++] << (8 * _partialBytes++);
            }
        }
        bytesConsumed = pos;
        return written;
    }

    private int DecodeWords(ReadOnlySpan<uint> words, Span<DvsEvent> events, ref int written)
    {
        var i = 0;
        if (!_hasTimeBase)
        {
            // Like OpenEB: nothing has a time before the first TIME_HIGH.
            while (i < words.Length && Word(words[i]) >> 28 != TimeHigh)
            {
                i++;
            }
            WordsSkipped += i;
            if (i == words.Length)
            {
                return i;
            }
            _timeBase = (long)(Word(words[i]) & 0x0FFF_FFFF) << 6;
            _hasTimeBase = true;
            i++;
        }

        var n = written;
        var capacity = events.Length;
        ref var dst = ref MemoryMarshal.GetReference(events);
        var timeBase = _timeBase;
        var emitBase = timeBase + TimeOffsetUs;
        long skipped = 0;
        long triggers = 0;
        for (; i < words.Length && n < capacity; i++)
        {
            var w = Word(words[i]);
            var type = w >> 28;
            if (type <= CdOn)
            {
                Unsafe.Add(ref dst, n++) = new DvsEvent(
                    emitBase + ((w >> 22) & 63), (ushort)((w >> 11) & 0x7FF), (ushort)(w & 0x7FF), (byte)type);
            }
            else if (type == TimeHigh)
            {
                var next = ((long)(w & 0x0FFF_FFFF) << 6) + TimeHighLoops * TimeLoop;
                if (timeBase > next && timeBase - next >= MaxTimestampBase - LoopThreshold)
                {
                    next += TimeLoop;
                    TimeHighLoops++;
                }
                timeBase = next;
                emitBase = timeBase + TimeOffsetUs;
            }
            else if (type == ExtTrigger)
            {
                triggers++;
            }
            else
            {
                skipped++;
            }
        }
        _timeBase = timeBase;
        WordsSkipped += skipped;
        TriggerWords += triggers;
        written = n;
        return i;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Word(uint raw) => BitConverter.IsLittleEndian ? raw : BinaryPrimitives.ReverseEndianness(raw);
}
