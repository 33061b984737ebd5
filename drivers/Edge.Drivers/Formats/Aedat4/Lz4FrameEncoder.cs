using System.Buffers.Binary;
using K4os.Compression.LZ4;
using K4os.Hash.xxHash;

namespace Edge.Drivers.Formats.Aedat4;

/// <summary>
/// Encodes one buffer as one LZ4 frame (version 1, independent blocks, no checksums) with K4os's
/// block encoder into a caller-owned span: no allocation per frame. The block size is the
/// smallest the frame format offers that holds the whole payload (4 MB at most).
/// </summary>
internal sealed class Lz4FrameEncoder
{
    /// <summary>Largest payload encoded (several 4 MB blocks).</summary>
    public const int MaxPayloadBytes = 256 * 1024 * 1024;

    private const int FrameHeaderBytes = 7;
    private const byte Flags = 0x60; // version 01, independent blocks, no checksums or content size

    private readonly LZ4Level _level;
    private readonly int _blockBytes;
    private readonly byte _bd;
    private readonly byte _headerChecksum;

    public Lz4FrameEncoder(int maxPayloadBytes, LZ4Level level)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxPayloadBytes, MaxPayloadBytes);
        _level = level;
        var blockId = 4;
        while (blockId < 7 && 1 << (8 + (2 * blockId)) < maxPayloadBytes)
        {
            blockId++;
        }
        _blockBytes = 1 << (8 + (2 * blockId));
        _bd = (byte)(blockId << 4);
        _headerChecksum = (byte)(XXH32.DigestOf([Flags, _bd]) >> 8);
        var blocks = (maxPayloadBytes + _blockBytes - 1) / _blockBytes;
        MaxFrameBytes = FrameHeaderBytes + (blocks * (4 + LZ4Codec.MaximumOutputSize(_blockBytes))) + 4;
    }

    /// <summary>Bytes a frame may take at most.</summary>
    public int MaxFrameBytes { get; }

    /// <summary>Encodes <paramref name="payload"/> into <paramref name="frame"/>; returns the frame length.</summary>
    public int Encode(ReadOnlySpan<byte> payload, Span<byte> frame)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(frame, 0x184D2204);
        frame[4] = Flags;
        frame[5] = _bd;
        frame[6] = _headerChecksum;
        var at = FrameHeaderBytes;
        for (var start = 0; start < payload.Length; start += _blockBytes)
        {
            var block = payload.Slice(start, Math.Min(_blockBytes, payload.Length - start));
            var target = frame.Slice(at + 4, Math.Min(block.Length, frame.Length - at - 4));
            var size = LZ4Codec.Encode(block, target, _level);
            if (size <= 0 || size >= block.Length)
            {
                // Incompressible: store the block as it is (high bit of the size set).
                block.CopyTo(frame[(at + 4)..]);
                BinaryPrimitives.WriteUInt32LittleEndian(frame[at..], 0x8000_0000u | (uint)block.Length);
                at += 4 + block.Length;
            }
            else
            {
                BinaryPrimitives.WriteUInt32LittleEndian(frame[at..], (uint)size);
                at += 4 + size;
            }
        }
        BinaryPrimitives.WriteUInt32LittleEndian(frame[at..], 0);
        return at + 4;
    }
}
