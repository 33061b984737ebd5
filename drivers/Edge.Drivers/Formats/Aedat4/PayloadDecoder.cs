using System.Buffers.Binary;
using Edge.Drivers.Formats.Io;

namespace Edge.Drivers.Formats.Aedat4;

/// <summary>
/// Streams the decompressed bytes of one AEDAT 4 packet payload in chunks, pulling compressed
/// bytes from the reader's window: fixed buffers, nothing allocated per chunk. Damage throws
/// <see cref="Edge.Runtime.Events.EventStreamException"/> at the file offset where it was found.
/// </summary>
internal abstract class PayloadDecoder
{
    private protected PayloadDecoder(ByteWindow window)
    {
        Window = window;
    }

    /// <summary>File offset just past the payload being decoded.</summary>
    public long End { get; private set; }

    /// <summary>Compressed bytes of this payload not yet taken from the window.</summary>
    private protected long Remaining { get; set; }

    private protected ByteWindow Window { get; }

    public static PayloadDecoder Create(Aedat4Compression compression, ByteWindow window) => compression switch
    {
        Aedat4Compression.None => new StoredPayload(window),
        Aedat4Compression.Lz4 or Aedat4Compression.Lz4High => new Lz4FramePayload(window),
        _ => new ZstdPayload(window),
    };

    /// <summary>Starts on a payload of <paramref name="compressedBytes"/> at the window's position.</summary>
    public void Begin(long compressedBytes)
    {
        Remaining = compressedBytes;
        End = Window.Position + compressedBytes;
        Start();
    }

    /// <summary>
    /// The next decompressed bytes, valid until the next call; empty once the payload is done.
    /// </summary>
    public abstract ReadOnlyMemory<byte> Next();

    private protected abstract void Start();

    /// <summary>
    /// Takes <paramref name="count"/> contiguous payload bytes from the window (count must fit the
    /// window); they stay valid until the window is next refilled.
    /// </summary>
    private protected ReadOnlySpan<byte> Take(int count, string what)
    {
        if (count > Remaining)
        {
            throw Window.Damaged(Window.Position, $"{what} runs past the end of its packet");
        }
        if (!Window.Ensure(count))
        {
            throw Window.Damaged(Window.Position, $"truncated: the file ends inside {what}");
        }
        var span = Window.Span[..count];
        Window.Advance(count);
        Remaining -= count;
        return span;
    }

    private protected uint TakeUInt32(string what) => BinaryPrimitives.ReadUInt32LittleEndian(Take(4, what));

    /// <summary>Takes up to <paramref name="max"/> bytes, at least one (as many as are buffered).</summary>
    private protected ReadOnlyMemory<byte> TakeSome(int max, string what)
    {
        if (Remaining == 0)
        {
            throw Window.Damaged(Window.Position, $"{what} runs past the end of its packet");
        }
        if (Window.Count == 0 && !Window.Fill())
        {
            throw Window.Damaged(Window.Position, $"truncated: the file ends inside {what}");
        }
        var count = (int)Math.Min(Math.Min(Window.Count, max), Remaining);
        var memory = Window.Memory[..count];
        Window.Advance(count);
        Remaining -= count;
        return memory;
    }

    private protected void Discard(long count, string what)
    {
        if (count > Remaining)
        {
            throw Window.Damaged(Window.Position, $"{what} runs past the end of its packet");
        }
        var at = Window.Position;
        if (!Window.Skip(count))
        {
            throw Window.Damaged(at, $"truncated: the file ends inside {what}");
        }
        Remaining -= count;
    }

    /// <summary>Payload stored uncompressed: chunks are the window's own bytes.</summary>
    private sealed class StoredPayload(ByteWindow window) : PayloadDecoder(window)
    {
        private protected override void Start()
        {
        }

        public override ReadOnlyMemory<byte> Next() =>
            Remaining == 0 ? ReadOnlyMemory<byte>.Empty : TakeSome(int.MaxValue, "a packet");
    }
}
