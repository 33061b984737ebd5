using System.Runtime.InteropServices;

namespace Edge.Runtime.Events;

/// <summary>
/// One address-event of a dynamic vision sensor: when (µs), where (x, y) and which way the
/// brightness changed. 16 bytes; every source (camera, file, simulator) produces these.
/// </summary>
/// <remarks>
/// Coordinates use the computer-graphics convention of libcaer, AEDAT 3.1/4 and Prophesee:
/// (0, 0) is the upper-left pixel. Polarity 1 is ON (brightness increase), 0 is OFF.
/// Timestamps are 64-bit and monotonic per source once unwrapped.
/// </remarks>
[StructLayout(LayoutKind.Sequential)]
public readonly record struct DvsEvent
{
    /// <summary>Creates an event.</summary>
    public DvsEvent(long t, ushort x, ushort y, byte p)
    {
        T = t;
        X = x;
        Y = y;
        P = p;
    }

    /// <summary>Creates an event from a boolean polarity.</summary>
    public DvsEvent(long t, int x, int y, bool on) : this(t, (ushort)x, (ushort)y, on ? (byte)1 : (byte)0)
    {
    }

    /// <summary>Timestamp in microseconds.</summary>
    public long T { get; }

    /// <summary>Column, 0 at the left.</summary>
    public ushort X { get; }

    /// <summary>Row, 0 at the top.</summary>
    public ushort Y { get; }

    /// <summary>Polarity: 1 = ON (increase), 0 = OFF (decrease).</summary>
    public byte P { get; }

    /// <summary>True for an ON (brightness increase) event.</summary>
    public bool IsOn => P != 0;

    /// <inheritdoc />
    public override string ToString() =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"(t={T}, x={X}, y={Y}, p={P})");
}
