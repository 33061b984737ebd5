using Edge.Drivers.Formats.Evt2;
using Edge.Drivers.Formats.Evt3;
using Edge.Drivers.Formats.Io;
using Edge.Runtime.Events;

namespace Edge.Drivers.Formats;

/// <summary>
/// Reads a Prophesee RAW file (EVT 2.0 or EVT 3.0): the '%' header, then the word stream through
/// the matching incremental decoder, straight from the input buffer.
/// </summary>
public sealed class PropheseeRawReader : EventFileReader
{
    private readonly IRawEventDecoder _decoder;

    internal PropheseeRawReader(ByteWindow window, EventFormat format, PropheseeHeader header, EventFileOptions options)
        : base(window, format, header.Geometry, options)
    {
        if (format is not (EventFormat.Evt2 or EventFormat.Evt3))
        {
            throw new ArgumentOutOfRangeException(nameof(format), format, "a RAW file holds EVT 2.0 or EVT 3.0");
        }
        Header = header;
        _decoder = format == EventFormat.Evt2 ? new Evt2Decoder(header.TimeOffsetUs) : new Evt3Decoder(header.TimeOffsetUs);
    }

    /// <summary>The file's '%' header.</summary>
    public PropheseeHeader Header { get; }

    /// <summary>External trigger words seen (not delivered as events).</summary>
    public long TriggerWords => _decoder.TriggerWords;

    private protected override int ReadCore(Span<DvsEvent> destination)
    {
        var written = 0;
        while (written < destination.Length)
        {
            if (Window.Count == 0 && !Window.Fill())
            {
                break;
            }
            written += _decoder.Decode(Window.Span, destination[written..], out var consumed);
            Window.Advance(consumed);
        }
        SkippedWordCount = _decoder.WordsSkipped;
        WrapCount = _decoder.TimeHighLoops;
        if (written == 0 && _decoder.PendingBytes > 0)
        {
            var pending = _decoder.PendingBytes;
            Damage(Window.Position - pending, pending, 0,
                Format == EventFormat.Evt2
                    ? "truncated: the file ends inside a 32-bit EVT 2.0 word"
                    : "truncated: the file ends inside a 16-bit EVT 3.0 word");
            _decoder.Reset();
        }
        return written;
    }
}
