using Edge.Drivers.Formats;
using Edge.Runtime.Events;

namespace Edge.Devices.Cameras.Prophesee;

/// <summary>How to read a live Prophesee EVT byte stream.</summary>
public sealed record EvtStreamOptions
{
    /// <summary>The stream's encoding (EVT 2.0 or 3.0); null takes it from the stream's '%' header.</summary>
    public EventFormat? Format { get; init; }

    /// <summary>The sensor's pixel array; null takes it from the header when it says.</summary>
    public SensorGeometry? Geometry { get; init; }

    /// <summary>Bytes of the receive buffer (allocated once).</summary>
    public int BufferBytes { get; init; } = 256 * 1024;
}
