namespace Edge.Devices.Cameras.Edvs;

/// <summary>The byte pipe to an eDVS: its serial port or its WLAN module's TCP socket.</summary>
internal interface IEdvsLink : IDisposable
{
    /// <summary>What the user named: the serial device or host:port.</summary>
    string Name { get; }

    /// <summary>Sends bytes (a command).</summary>
    void Write(ReadOnlySpan<byte> bytes);

    /// <summary>Blocks until at least one byte arrives; 0 when the link was closed.</summary>
    int Read(Span<byte> buffer);

    /// <summary>Waits at most <paramref name="timeout"/> for bytes; 0 when none came.</summary>
    int ReadWithin(Span<byte> buffer, TimeSpan timeout);
}
