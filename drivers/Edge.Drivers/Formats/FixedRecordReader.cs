using Edge.Drivers.Formats.Io;
using Edge.Runtime.Events;

namespace Edge.Drivers.Formats;

/// <summary>
/// A reader of formats made of equal-sized records after a header (AEDAT 2.0, DAT, N-MNIST): it
/// keeps at least one whole record in the window and lets the format decode as many as fit; a file
/// that ends inside a record is damage at that offset.
/// </summary>
public abstract class FixedRecordReader : EventFileReader
{
    private readonly int _recordSize;
    private readonly string _truncated;

    /// <param name="window">The file's bytes, positioned at the first record.</param>
    /// <param name="format">The format read.</param>
    /// <param name="geometry">Sensor size, when known.</param>
    /// <param name="options">Reading options.</param>
    /// <param name="recordSize">Bytes per record.</param>
    /// <param name="recordName">What a record is called in the truncation message ("5-byte N-MNIST event").</param>
    private protected FixedRecordReader(ByteWindow window, EventFormat format, SensorGeometry? geometry, EventFileOptions options,
        int recordSize, string recordName)
        : base(window, format, geometry, options)
    {
        _recordSize = recordSize;
        _truncated = "truncated: the file ends inside " + recordName;
    }

    private protected sealed override int ReadCore(Span<DvsEvent> destination)
    {
        var written = 0;
        while (written < destination.Length)
        {
            if (Window.Count < _recordSize && !Window.Ensure(_recordSize))
            {
                if (written == 0 && Window.Count > 0)
                {
                    var partial = Window.Count;
                    Damage(Window.Position, partial, 0, _truncated);
                    Window.Advance(partial);
                }
                break;
            }
            written += DecodeRecords(destination[written..]);
        }
        return written;
    }

    /// <summary>Decodes the whole records in the window into <paramref name="destination"/>; returns the events written.</summary>
    private protected abstract int DecodeRecords(Span<DvsEvent> destination);
}
