using System.Globalization;
using Edge.Drivers.Formats.Io;
using K4os.Compression.LZ4;
using K4os.Hash.xxHash;

namespace Edge.Drivers.Formats.Aedat4;

/// <summary>
/// Decodes an LZ4 frame (the format DV writes each packet in) block by block: the frame
/// container is parsed here, each block goes through K4os's LZ4 block decoder. Linked blocks
/// (DV's default) may refer back 64 KB into earlier blocks of the frame, so that much decoded
/// history stays in front of the block being decoded.
/// </summary>
internal sealed class Lz4FramePayload : PayloadDecoder
{
    /// <summary>The largest block size the LZ4 frame format allows (BD id 7).</summary>
    public const int MaxBlockBytes = 4 * 1024 * 1024;

    private const uint FrameMagic = 0x184D2204;
    private const uint SkippableMagicMask = 0xFFFFFFF0;
    private const uint SkippableMagic = 0x184D2A50;
    private const int HistoryBytes = 64 * 1024;

    private byte[] _output = new byte[HistoryBytes + (4 * 64 * 1024)];
    private byte[]? _staging;
    private int _outPos;
    private int _blockMax;
    private bool _linked;
    private bool _blockChecksum;
    private bool _contentChecksum;
    private bool _inFrame;

    public Lz4FramePayload(ByteWindow window) : base(window)
    {
    }

    private protected override void Start() => _inFrame = false;

    public override ReadOnlyMemory<byte> Next()
    {
        while (true)
        {
            if (!_inFrame)
            {
                if (Remaining == 0)
                {
                    return ReadOnlyMemory<byte>.Empty;
                }
                ReadFrameHeader();
                continue;
            }
            var at = Window.Position;
            var word = TakeUInt32("an LZ4 block header");
            if (word == 0)
            {
                if (_contentChecksum)
                {
                    Discard(4, "an LZ4 content checksum");
                }
                _inFrame = false;
                continue;
            }
            var stored = (word & 0x8000_0000) != 0;
            var size = (int)(word & 0x7FFF_FFFF);
            if (size > _blockMax)
            {
                throw Window.Damaged(at, string.Create(CultureInfo.InvariantCulture,
                    $"LZ4 block of {size} bytes is larger than the frame's {_blockMax}-byte maximum"));
            }
            if (_outPos + _blockMax > _output.Length)
            {
                Slide();
            }
            var target = _output.AsSpan(_outPos, _blockMax);
            int produced;
            if (stored)
            {
                TakeBlock(size).CopyTo(target);
                produced = size;
            }
            else
            {
                var history = _linked ? Math.Min(_outPos, HistoryBytes) : 0;
                produced = LZ4Codec.Decode(TakeBlock(size), target, _output.AsSpan(_outPos - history, history));
                if (produced < 0)
                {
                    throw Window.Damaged(at + 4, "damaged LZ4 block: it does not decompress");
                }
            }
            if (_blockChecksum)
            {
                Discard(4, "an LZ4 block checksum");
            }
            var chunk = _output.AsMemory(_outPos, produced);
            _outPos += produced;
            if (produced > 0)
            {
                return chunk;
            }
        }
    }

    private ReadOnlySpan<byte> TakeBlock(int size)
    {
        if (size <= Window.Capacity)
        {
            return Take(size, "an LZ4 block");
        }
        // Blocks larger than the input window (BD 1 or 4 MB) are gathered in a staging buffer.
        if (size > Remaining)
        {
            throw Window.Damaged(Window.Position, "an LZ4 block runs past the end of its packet");
        }
        _staging ??= new byte[MaxBlockBytes];
        var copied = 0;
        while (copied < size)
        {
            var part = TakeSome(size - copied, "an LZ4 block");
            part.Span.CopyTo(_staging.AsSpan(copied));
            copied += part.Length;
        }
        return _staging.AsSpan(0, size);
    }

    /// <summary>Keeps the last 64 KB of decoded output (the linked-block history) at the front.</summary>
    private void Slide()
    {
        var keep = _linked ? Math.Min(_outPos, HistoryBytes) : 0;
        _output.AsSpan(_outPos - keep, keep).CopyTo(_output);
        _outPos = keep;
    }

    private void ReadFrameHeader()
    {
        var at = Window.Position;
        var magic = TakeUInt32("an LZ4 frame header");
        if ((magic & SkippableMagicMask) == SkippableMagic)
        {
            Discard(TakeUInt32("an LZ4 skippable frame"), "an LZ4 skippable frame");
            return;
        }
        if (magic != FrameMagic)
        {
            throw Window.Damaged(at, string.Create(CultureInfo.InvariantCulture,
                $"expected an LZ4 frame (magic 0x184D2204), found 0x{magic:X8}"));
        }
        var flags = Take(2, "an LZ4 frame header");
        var flg = flags[0];
        var bd = flags[1];
        Span<byte> descriptor = stackalloc byte[2 + 8 + 4];
        descriptor[0] = flg;
        descriptor[1] = bd;
        var length = 2;
        if ((flg & 0x08) != 0)
        {
            Take(8, "an LZ4 frame header").CopyTo(descriptor[length..]);
            length += 8;
        }
        if ((flg & 0x01) != 0)
        {
            throw Window.Damaged(at, "LZ4 frames with a dictionary id are not supported");
        }
        var checksum = Take(1, "an LZ4 frame header")[0];
        var blockId = (bd >> 4) & 7;
        if (flg >> 6 != 1 || (flg & 0x02) != 0 || (bd & 0x8F) != 0 || blockId < 4)
        {
            throw Window.Damaged(at + 4, string.Create(CultureInfo.InvariantCulture,
                $"unsupported LZ4 frame descriptor (FLG 0x{flg:X2}, BD 0x{bd:X2})"));
        }
        if ((byte)(XXH32.DigestOf(descriptor[..length]) >> 8) != checksum)
        {
            throw Window.Damaged(at + 4 + length, "LZ4 frame header checksum mismatch");
        }
        _blockMax = 1 << (8 + (2 * blockId));
        _linked = (flg & 0x20) == 0;
        _blockChecksum = (flg & 0x10) != 0;
        _contentChecksum = (flg & 0x04) != 0;
        var needed = HistoryBytes + _blockMax;
        if (_output.Length < needed)
        {
            // Grows once, to at most 4 MB + 64 KB: the largest block the frame format can declare.
            _output = new byte[needed];
        }
        _outPos = 0;
        _inFrame = true;
    }
}
