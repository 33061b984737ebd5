using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Edge.Devices.Cameras.Caer;
using Edge.Devices.Cameras.Edvs;
using Edge.Runtime.Events;
using Edge.TestSupport.Fuzzing;
using Xunit.Abstractions;

namespace Edge.Devices.Tests.Hostile;

/// <summary>
/// The byte streams cameras hand over, hostile: the eDVS serial/TCP stream (E2, E3, E4) and
/// libcaer's packets, each 2,000 seeded mutations of the committed corpus (tests/fuzz-corpus/edvs,
/// tests/fuzz-corpus/caer). The eDVS decoder resynchronises and never throws; the libcaer reader
/// skips packets whose header contradicts itself and never reads outside a packet.
/// </summary>
public sealed unsafe class DeviceStreamFuzzTests(ITestOutputHelper output)
{
    private const int Cases = 2000;

    /// <summary>The largest packet the test allocates as libcaer would (its header's own size); larger ones the reader must refuse unread.</summary>
    private const int MaxAllocated = CaerPacket.MaxBytes;

    [Theory]
    [InlineData(EdvsEventFormat.E2)]
    [InlineData(EdvsEventFormat.E3)]
    [InlineData(EdvsEventFormat.E4)]
    public void Edvs_byte_streams(EdvsEventFormat format)
    {
        var seeds = Fuzz.CorpusOf("edvs", $"e{(int)format}.bin");
        var events = new DvsEvent[64];
        var report = Fuzz.Run($"eDVS {format}", seeds, Cases, text: false, bytes =>
        {
            var decoder = new EdvsDecoder(format);
            var rest = bytes.AsSpan();
            var total = 0L;
            while (true)
            {
                var n = decoder.Decode(rest, events, out var consumed, endOfStream: true);
                total += n;
                rest = rest[consumed..];
                Assert.True(total <= bytes.Length, $"{total} events from {bytes.Length} bytes");
                if (n == 0 && consumed == 0)
                {
                    break;
                }
            }
            Assert.True(rest.Length < format.EventSize(), $"{rest.Length} bytes left, more than a cut event");
        }, ex => ex is EventStreamException);
        output.WriteLine(report.ToString());
        Assert.Equal(Cases, report.Cases);
    }

    [Fact]
    public void Libcaer_packets()
    {
        var events = new DvsEvent[64];
        var report = Fuzz.Run("libcaer packets", Fuzz.CorpusOf("caer"), Cases, text: false, bytes =>
        {
            var container = Container(bytes, out var packets);
            var reader = new CaerContainerReader();
            try
            {
                reader.Start(container);
                long read = 0;
                for (int n; (n = reader.Read(events)) > 0;)
                {
                    read += n;
                }
                Assert.True(reader.IsDone);
                Assert.True(read <= bytes.Length / 8, $"{read} events from {bytes.Length} bytes");
            }
            finally
            {
                reader.FreeContainer();
            }
        }, ex => false);
        output.WriteLine(report.ToString());
        Assert.Equal(Cases, report.Cases);
    }

    /// <summary>
    /// Cuts the bytes into packets as libcaer lays them out — each in a block of the size its header
    /// says (28 + event size × capacity, zero-filled past the bytes given), or just its header and
    /// the bytes given when that size is impossible — behind a container of pointer slots.
    /// </summary>
    private static nint Container(byte[] bytes, out int count)
    {
        var packets = new List<nint>();
        for (var at = 0; at + CaerPacket.HeaderSize <= bytes.Length;)
        {
            var header = bytes.AsSpan(at, CaerPacket.HeaderSize);
            var declared = CaerPacket.HeaderSize + ((long)BinaryPrimitives.ReadInt32LittleEndian(header[16..]) * BinaryPrimitives.ReadInt32LittleEndian(header[4..]));
            var available = bytes.Length - at;
            var size = declared is >= CaerPacket.HeaderSize and <= MaxAllocated ? (int)declared : Math.Min(available, 1 << 16);
            var block = (byte*)NativeMemory.AllocZeroed((nuint)size);
            bytes.AsSpan(at, Math.Min(size, available)).CopyTo(new Span<byte>(block, size));
            packets.Add((nint)block);
            at += Math.Max(CaerPacket.HeaderSize, Math.Min(size, available));
        }
        count = packets.Count;
        var container = (byte*)NativeMemory.AllocZeroed((nuint)(28 + (packets.Count * sizeof(nint))));
        *(int*)(container + 24) = packets.Count;
        for (var i = 0; i < packets.Count; i++)
        {
            *(nint*)(container + 28 + (i * sizeof(nint))) = packets[i];
        }
        return (nint)container;
    }
}
