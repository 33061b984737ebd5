using System.Buffers;
using System.Buffers.Binary;
using Edge.Drivers.Formats;
using Edge.Drivers.Formats.Aedat4;
using Edge.Drivers.Tests.Support;
using Edge.Runtime.Events;
using K4os.Compression.LZ4.Streams;

namespace Edge.Drivers.Tests.Decoders;

/// <summary>AEDAT 4 packets in LZ4 frames as other encoders write them (linked blocks, checksums, big blocks).</summary>
public sealed class Lz4FrameTests
{
    private static readonly SensorGeometry Geometry = new(640, 480);

    [Theory]
    [InlineData(64 * 1024, true, false, 256 * 1024)]
    [InlineData(64 * 1024, true, true, 4096)]
    [InlineData(256 * 1024, false, true, 256 * 1024)]
    [InlineData(4 * 1024 * 1024, true, false, 4096)]
    public void Linked_and_checksummed_frames_decode(int blockSize, bool chained, bool checksums, int readerBuffer)
    {
        var events = Synthetic.Events(50_000, Geometry, 1_600_000_000_000_000, 20);
        var plain = WriteUncompressed(events, eventsPerPacket: 30_000);
        var lz4 = Recompress(plain, payload =>
        {
            var settings = new LZ4EncoderSettings { BlockSize = blockSize, ChainBlocks = chained, BlockChecksum = checksums, ContentChecksum = checksums };
            return LZ4Frame.Encode(payload, new ArrayBufferWriter<byte>(), settings).WrittenSpan.ToArray();
        });
        var options = new EventFileOptions { BufferBytes = readerBuffer };
        Assert.Equal(events, Decoded.All(lz4, "k4os.aedat4", options, chunk: 1000));
    }

    [Fact]
    public void Our_lz4_frames_decode_with_the_reference_frame_decoder()
    {
        var events = Synthetic.Events(10_000, Geometry, 0, 20);
        var bytes = Synthetic.Write(EventFormat.Aedat4, Geometry, events);
        foreach (var (payload, _) in Packets(bytes))
        {
            var decoded = LZ4Frame.Decode(payload, new ArrayBufferWriter<byte>()).WrittenSpan;
            Assert.Equal(BinaryPrimitives.ReadUInt32LittleEndian(decoded) + 4, (uint)decoded.Length);
            Assert.True(decoded[8..12].SequenceEqual("EVTS"u8));
        }
    }

    /// <summary>Writes an uncompressed AEDAT 4 file.</summary>
    internal static byte[] WriteUncompressed(DvsEvent[] events, int eventsPerPacket)
    {
        var stream = new MemoryStream();
        using (var writer = new Aedat4Writer(stream, Geometry, new Aedat4WriterOptions { Compression = Aedat4Compression.None, EventsPerPacket = eventsPerPacket }, leaveOpen: true))
        {
            writer.Write(events);
        }
        return stream.ToArray();
    }

    /// <summary>Re-encodes every packet payload of an uncompressed file and marks the IOHeader accordingly.</summary>
    internal static byte[] Recompress(byte[] file, Func<byte[], byte[]> encode, Aedat4Compression compression = Aedat4Compression.Lz4)
    {
        var output = new MemoryStream();
        var first = Packets(file).First().Offset - 8;
        output.Write(file, 0, first);
        var header = new byte[8];
        foreach (var (payload, _) in Packets(file))
        {
            var packed = encode(payload);
            BinaryPrimitives.WriteInt32LittleEndian(header, 0);
            BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(4), packed.Length);
            output.Write(header);
            output.Write(packed);
        }
        var bytes = output.ToArray();
        // IOHeader: 14-byte version line, u32 length, root table at +24 → compression at file offset 18 + 28.
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(46), (int)compression);
        return bytes;
    }

    /// <summary>Payloads of the packets of a file (without a file data table), with their offsets.</summary>
    internal static IEnumerable<(byte[] Payload, int Offset)> Packets(byte[] file)
    {
        var at = 18 + BinaryPrimitives.ReadInt32LittleEndian(file.AsSpan(14));
        while (at < file.Length)
        {
            var size = BinaryPrimitives.ReadInt32LittleEndian(file.AsSpan(at + 4));
            yield return (file.AsSpan(at + 8, size).ToArray(), at + 8);
            at += 8 + size;
        }
    }
}
