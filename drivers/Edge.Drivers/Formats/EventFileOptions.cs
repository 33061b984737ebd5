using Edge.Runtime.Events;

namespace Edge.Drivers.Formats;

/// <summary>How an event file is opened.</summary>
public sealed record EventFileOptions
{
    /// <summary>Default size of a reader's input buffer.</summary>
    public const int DefaultBufferBytes = 256 * 1024;

    /// <summary>
    /// The format, overriding detection from the header and the file extension. Null detects.
    /// </summary>
    public EventFormat? Format { get; init; }

    /// <summary>
    /// Salvage damaged recordings: resynchronise at the next valid packet or record, keep going and
    /// report what was skipped in <see cref="EventFileReader.Salvage"/>. Off: damage throws
    /// <see cref="EventStreamException"/>.
    /// </summary>
    public bool Lenient { get; init; }

    /// <summary>Sensor geometry to use instead of the one the file declares or implies.</summary>
    public SensorGeometry? Geometry { get; init; }

    /// <summary>Input buffer size in bytes, allocated once per reader (at least 4 KiB).</summary>
    public int BufferBytes { get; init; } = DefaultBufferBytes;
}
