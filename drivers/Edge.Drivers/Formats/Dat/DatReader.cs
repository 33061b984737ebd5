using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Edge.Drivers.Formats.Io;
using Edge.Runtime.Events;

namespace Edge.Drivers.Formats.Dat;

/// <summary>
/// Reads Prophesee DAT files (N-CARS, Gen1 automotive): a '%' header, an event type and size byte,
/// then little-endian records <c>u32 t; u32 data</c> with x in bits 0–13, y in 14–27 and the
/// polarity in 28–31. A timestamp more than 2^30 µs before the previous one is a 32-bit wrap; a
/// smaller step back is an event out of order (counted, delivered as it is).
/// </summary>
public sealed class DatReader : FixedRecordReader
{
    /// <summary>The CD (change detection) event type; the only one DAT recordings of DVS data use.</summary>
    public const byte CdEventType = 0x00;

    /// <summary>Largest record size accepted (the format uses 8).</summary>
    public const int MaxEventSize = 64;

    // Lenient realignment looks this far ahead for the next run of plausible records.
    private const int MaxShift = 64 * 8;

    private readonly int _eventSize;
    private TimestampUnwrapper _clock;
    private uint _lastTs;
    private bool _hasLast;

    private DatReader(ByteWindow window, PropheseeHeader header, int eventSize, EventFileOptions options)
        : base(window, EventFormat.Dat, header.Geometry, options, eventSize, string.Create(CultureInfo.InvariantCulture, $"a {eventSize}-byte DAT record"))
    {
        Header = header;
        _eventSize = eventSize;
        _clock = new TimestampUnwrapper(32, header.TimeOffsetUs);
    }

    /// <summary>The file's '%' header.</summary>
    public PropheseeHeader Header { get; }

    /// <summary>Opens a DAT file whose '%' header (possibly empty) has just been read.</summary>
    internal static DatReader Open(ByteWindow window, PropheseeHeader header, EventFileOptions options)
    {
        var eventSize = 8;
        if (header.Lines.Count > 0)
        {
            // After a header: one byte event type, one byte event size.
            var at = window.Position;
            if (!window.Ensure(2))
            {
                if (window.Count == 0)
                {
                    return new DatReader(window, header, eventSize, options);
                }
                throw window.Damaged(at, "truncated: expected the event type and size bytes after the '%' header");
            }
            var type = window.Span[0];
            eventSize = window.Span[1];
            if (type != CdEventType)
            {
                throw window.Damaged(at, string.Create(CultureInfo.InvariantCulture,
                    $"unsupported DAT event type 0x{type:X2} (expected 0x00, CD events)"));
            }
            if (eventSize < 8 || eventSize > MaxEventSize)
            {
                throw window.Damaged(at + 1, string.Create(CultureInfo.InvariantCulture,
                    $"DAT event size {eventSize} is outside 8…{MaxEventSize} bytes"));
            }
            window.Advance(2);
        }
        return new DatReader(window, header, eventSize, options);
    }

    private protected override int DecodeRecords(Span<DvsEvent> destination)
    {
        var span = Window.Span;
        var records = Math.Min(span.Length / _eventSize, destination.Length);
        ref var dst = ref MemoryMarshal.GetReference(destination);
        var n = 0;
        var lastTs = _lastTs;
        var consumed = 0;
        for (var r = 0; r < records; r++, consumed += _eventSize)
        {
            var ts = BinaryPrimitives.ReadUInt32LittleEndian(span[consumed..]);
            var data = BinaryPrimitives.ReadUInt32LittleEndian(span[(consumed + 4)..]);
            var p = data >> 28;
            // Lenient only: a time jump this big is more likely shifted records than a pause.
            var jump = Lenient && _hasLast && ts - lastTs > RecordAlignment.MaxStepUs;
            if (p > 1 || jump)
            {
                _lastTs = lastTs;
                Publish();
                Window.Advance(consumed);
                if (!Lenient)
                {
                    throw Window.Damaged(Window.Position + 7, string.Create(CultureInfo.InvariantCulture,
                        $"DAT record polarity is {p} (expected 0 or 1)"));
                }
                Realign(p > 1 ? 1 : 0, p > 1 ? "DAT record with an invalid polarity" : "DAT record time jumps: bytes lost or inserted");
                return n;
            }
            lastTs = ts;
            _hasLast = true;
            Unsafe.Add(ref dst, n++) = new DvsEvent(_clock.Unwrap(ts), (ushort)(data & 0x3FFF), (ushort)((data >> 14) & 0x3FFF), (byte)p);
        }
        _lastTs = lastTs;
        Publish();
        Window.Advance(consumed);
        return n;
    }

    private void Publish()
    {
        WrapCount = _clock.Wraps;
        OutOfOrderCount = _clock.OutOfOrder;
    }

    /// <summary>
    /// Lenient: finds where records line up again after damage (bytes inserted or lost) and skips
    /// to there, or skips one record. With <paramref name="minShift"/> 0 records that already line up
    /// (a real pause in the recording) are kept.
    /// </summary>
    private void Realign(int minShift, string reason)
    {
        var at = Window.Position;
        Window.Ensure(Math.Min(Window.Capacity, MaxShift + (RecordAlignment.Run * _eventSize)));
        var shift = RecordAlignment.Find(Window.Span, _eventSize, minShift, MaxShift, default(DatRecordCheck));
        // The next record starts a fresh run: no wrap or jump against times decoded from garbage.
        _hasLast = false;
        _clock.Forget();
        if (shift == 0 || (shift < 0 && minShift == 0))
        {
            return;
        }
        var skip = shift > 0 ? shift : Math.Min(_eventSize, Window.Count);
        Damage(at, skip, Math.Max(1, skip / _eventSize), reason);
        Window.Advance(skip);
    }

    /// <summary>A plausible record: polarity 0 or 1, time a little after the run's previous record.</summary>
    private struct DatRecordCheck : IRecordCheck
    {
        private uint? _previous;

        public bool Accept(ReadOnlySpan<byte> record) =>
            BinaryPrimitives.ReadUInt32LittleEndian(record[4..]) >> 28 <= 1 &&
            RecordAlignment.Follows(BinaryPrimitives.ReadUInt32LittleEndian(record), ref _previous);
    }
}
