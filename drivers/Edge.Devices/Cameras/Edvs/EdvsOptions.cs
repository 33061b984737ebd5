namespace Edge.Devices.Cameras.Edvs;

/// <summary>How to open an eDVS: link settings and what the open sequence sends.</summary>
public sealed record EdvsOptions
{
    /// <summary>The eDVS WLAN module's TCP port.</summary>
    public const int DefaultTcpPort = 56000;

    /// <summary>
    /// Serial baud rate. 4,000,000 for eDVS4337 serial numbers 613xx; 12,000,000 for 126xx and the
    /// mini-eDVS (Linux sets rates without a <c>Bxxxx</c> constant through termios2/BOTHER).
    /// </summary>
    public int BaudRate { get; init; } = 4_000_000;

    /// <summary>RTS/CTS hardware flow control (the eDVS expects it on its FTDI port).</summary>
    public bool HardwareFlowControl { get; init; } = true;

    /// <summary>Event format requested with <c>!Ex</c>.</summary>
    public EdvsEventFormat Format { get; init; } = EdvsEventFormat.E2;

    /// <summary>Biases written on open (then flushed with <c>!BF</c>); null keeps the board's own.</summary>
    public EdvsBiases? Biases { get; init; }

    /// <summary>Reset the device's timestamp to 0 (<c>!ET0</c>) before streaming.</summary>
    public bool ResetTimestamp { get; init; } = true;

    /// <summary>How long to wait for the banner after the reset command <c>R</c>.</summary>
    public TimeSpan ResetTimeout { get; init; } = TimeSpan.FromSeconds(1.5);

    /// <summary>Silence that ends a reply (the device has no reply terminator when echo is off).</summary>
    public TimeSpan QuietTime { get; init; } = TimeSpan.FromMilliseconds(60);

    /// <summary>Bytes of the receive buffer (allocated once).</summary>
    public int ReceiveBufferBytes { get; init; } = 64 * 1024;
}
