namespace Edge.Drivers.Formats.Aedat4;

/// <summary>Packet compression of an AEDAT 4.0 file (the IOHeader's <c>compression</c> enum).</summary>
public enum Aedat4Compression
{
    /// <summary>Packets are stored as they are.</summary>
    None = 0,

    /// <summary>Each packet is one LZ4 frame.</summary>
    Lz4 = 1,

    /// <summary>LZ4 frames written with the high-compression encoder (decoded like <see cref="Lz4"/>).</summary>
    Lz4High = 2,

    /// <summary>Each packet is one Zstandard frame.</summary>
    Zstd = 3,

    /// <summary>Zstandard at a high level (decoded like <see cref="Zstd"/>).</summary>
    ZstdHigh = 4,
}
