using System.Buffers;
using Edge.Drivers.Formats.Io;
using ZstdSharp;
using ZstdSharp.Unsafe;

namespace Edge.Drivers.Formats.Aedat4;

/// <summary>
/// Decodes a Zstandard-compressed packet with ZstdSharp's streaming decoder into a fixed output
/// buffer. The decoder refuses frames whose window exceeds <see cref="MaxWindowLog"/> before it
/// allocates anything for them.
/// </summary>
internal sealed class ZstdPayload : PayloadDecoder, IDisposable
{
    /// <summary>Largest Zstandard window accepted: 2^23 = 8 MB (DV's packets are far smaller).</summary>
    public const int MaxWindowLog = 23;

    private const int ChunkBytes = 128 * 1024;

    private readonly Decompressor _zstd = new();
    private readonly byte[] _output = new byte[ChunkBytes];
    private bool _ended;

    public ZstdPayload(ByteWindow window) : base(window)
    {
        _zstd.SetParameter(ZSTD_dParameter.ZSTD_d_windowLogMax, MaxWindowLog);
    }

    private protected override void Start()
    {
        _zstd.ResetStream();
        _ended = false;
    }

    public override ReadOnlyMemory<byte> Next()
    {
        while (!_ended)
        {
            var at = Window.Position;
            ReadOnlySpan<byte> input = default;
            if (Remaining > 0)
            {
                if (Window.Count == 0 && !Window.Fill())
                {
                    throw Window.Damaged(at, "truncated: the file ends inside a Zstandard frame");
                }
                input = Window.Span[..(int)Math.Min(Window.Count, Remaining)];
            }
            OperationStatus status;
            int consumed;
            int written;
            try
            {
                status = _zstd.UnwrapStream(input, _output, out consumed, out written);
            }
            catch (ZstdException ex)
            {
                throw Window.Damaged(at, $"damaged Zstandard frame: {ex.Message}");
            }
            Window.Advance(consumed);
            Remaining -= consumed;
            if (status == OperationStatus.Done && Remaining == 0)
            {
                _ended = true;
            }
            if (written > 0)
            {
                return _output.AsMemory(0, written);
            }
            if (!_ended && consumed == 0)
            {
                throw Window.Damaged(Window.Position, Remaining == 0
                    ? "truncated Zstandard frame: the packet ends inside it"
                    : "damaged Zstandard frame: the decoder makes no progress");
            }
        }
        return ReadOnlyMemory<byte>.Empty;
    }

    public void Dispose() => _zstd.Dispose();
}
