using System.Buffers.Binary;
using Edge.Drivers.Formats;
using Edge.Drivers.Tests.Decoders;
using Edge.Drivers.Tests.Support;
using Edge.Runtime.Events;

namespace Edge.Drivers.Tests.Damage;

/// <summary>Sizes a file declares are checked against maxima before anything is allocated.</summary>
public sealed class SizeLimitTests
{
    private const long SmallAllocation = 2 * 1024 * 1024;

    [Fact]
    public void A_huge_aedat4_ioheader_length_is_refused_without_allocating_it()
    {
        var bytes = SampleFiles.Bytes("aedat4/sample.aedat4");
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(14), 0xFFFF_FFF0);
        var ex = AssertRefused(bytes, "x.aedat4");
        Assert.Equal(14, ex.ByteOffset);
        Assert.Contains("IOHeader length", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_aedat4_ioheader_longer_than_the_file_is_refused()
    {
        var bytes = SampleFiles.Bytes("aedat4/sample.aedat4")[..5000];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(14), 1_000_000);
        Assert.Contains("past the end of the file", AssertRefused(bytes, "x.aedat4").Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_packet_larger_than_the_file_is_refused_before_reading_it()
    {
        var bytes = SampleFiles.Bytes("aedat4/sample.aedat4");
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(2334 + 4), int.MaxValue);
        var ex = AssertRefused(bytes, "x.aedat4");
        Assert.Equal(2334, ex.ByteOffset);
        Assert.Contains("runs past", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_lz4_block_larger_than_its_frame_allows_is_refused()
    {
        var bytes = SampleFiles.Bytes("aedat4/sample.aedat4");
        // First packet payload at 2342: 7-byte frame header, then the first block size.
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(2342 + 7), 0x7FFF_FFFF);
        var ex = AssertRefused(bytes, "x.aedat4");
        Assert.Equal(2342 + 7, ex.ByteOffset);
        Assert.Contains("larger than the frame's 65536-byte maximum", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_lz4_block_running_past_its_packet_is_refused_when_gathered_from_a_small_window()
    {
        var bytes = SampleFiles.Bytes("aedat4/sample.aedat4");
        // The first packet holds 7,949 payload bytes; a 20,000-byte block fits the frame's 64 KB
        // maximum but not the packet, and is larger than the 4 KB window, so it is gathered in parts.
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(2342 + 7), 20_000);
        var read = Task.Run(() =>
        {
            using var reader = EventFile.OpenRead(new MemoryStream(bytes), "x.aedat4", new EventFileOptions { BufferBytes = 4096 });
            var buffer = new DvsEvent[256];
            while (reader.Read(buffer) > 0)
            {
            }
        });
        var ex = await Assert.ThrowsAsync<EventStreamException>(() => read.WaitAsync(TimeSpan.FromMinutes(1)));
        Assert.Contains("an LZ4 block runs past the end of its packet", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_zstd_frame_asking_for_a_huge_window_is_refused()
    {
        var events = Synthetic.Events(100, new SensorGeometry(640, 480), 0, 10);
        // Zstandard frame header: magic, descriptor 0 (no single segment), window log 10 + 17 = 2^27 bytes.
        byte[] greedy = [0x28, 0xB5, 0x2F, 0xFD, 0x00, 0x88, 0x01, 0x00, 0x00];
        var bytes = Lz4FrameTests.Recompress(Lz4FrameTests.WriteUncompressed(events, 100), _ => greedy, Formats.Aedat4.Aedat4Compression.Zstd);
        Assert.Contains("Zstandard", AssertRefused(bytes, "x.aedat4").Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_aedat3_packet_declaring_more_than_the_file_holds_is_refused()
    {
        var bytes = Synthetic.Write(EventFormat.Aedat3, new SensorGeometry(128, 128), Synthetic.Events(100, new SensorGeometry(128, 128), 0, 5));
        var packet = bytes.AsSpan().IndexOf("#!END-HEADER\r\n"u8) + 14;
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(packet + 16), int.MaxValue);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(packet + 20), int.MaxValue);
        var ex = AssertRefused(bytes, "x.aedat");
        Assert.Equal(packet, ex.ByteOffset);
        Assert.Contains("declares", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_header_line_without_an_end_is_not_taken_for_a_header()
    {
        // '%' followed by 100 KB of text without a newline: not a header line, so not a Prophesee file.
        var bytes = new byte[100_000];
        bytes.AsSpan().Fill((byte)'a');
        bytes[0] = (byte)'%';
        Assert.Throws<EventStreamException>(() => EventFile.OpenRead(new MemoryStream(bytes), "x.xyz"));
    }

    private static EventStreamException AssertRefused(byte[] bytes, string name)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        var ex = Assert.Throws<EventStreamException>(() => Decoded.All(bytes, name));
        Assert.InRange(GC.GetAllocatedBytesForCurrentThread() - before, 0, SmallAllocation);
        Assert.InRange(ex.ByteOffset, 0, bytes.Length);
        Assert.StartsWith(name + ": byte ", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
        return ex;
    }
}
