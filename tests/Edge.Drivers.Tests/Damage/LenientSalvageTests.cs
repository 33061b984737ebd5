using System.Buffers.Binary;
using Edge.Drivers.Formats;
using Edge.Drivers.Tests.Support;
using Edge.Runtime.Events;

namespace Edge.Drivers.Tests.Damage;

/// <summary>Damage is one located error in strict mode; lenient mode skips it, keeps going and says where.</summary>
public sealed class LenientSalvageTests
{
    private const string Aedat4Sample = "aedat4/sample.aedat4";
    private const int FirstPacket = 2334;
    private static readonly EventFileOptions Lenient = new() { Lenient = true };

    [Fact]
    public void Garbage_between_aedat4_packets_is_skipped_and_every_event_recovered()
    {
        var original = SampleFiles.Bytes(Aedat4Sample);
        var boundary = PacketStarts(original)[20];
        var garbage = Noise(333, seed: 4);
        var damaged = Insert(original, boundary, garbage);
        // The file data table moved with the insertion: keep the IOHeader pointing at it.
        BinaryPrimitives.WriteInt64LittleEndian(damaged.AsSpan(18 + 36), 945243 + garbage.Length);

        var strict = Assert.Throws<EventStreamException>(() => Decoded.All(damaged, "d.aedat4"));
        Assert.Equal(boundary, strict.ByteOffset);
        Assert.Contains("packet header", strict.Message, StringComparison.Ordinal);

        using var reader = EventFile.OpenRead(new MemoryStream(damaged), "d.aedat4", Lenient);
        Assert.Equal(Decoded.All(SampleFiles.Path(Aedat4Sample)), Decoded.All(reader));
        var region = Assert.Single(reader.Salvage.Regions.ToArray());
        Assert.Equal(new SkippedRegion(boundary, garbage.Length, region.Reason), region);
        Assert.Equal(garbage.Length, reader.Health.BytesSkipped);
    }

    [Fact]
    public void A_damaged_aedat4_packet_is_dropped_and_the_rest_decoded()
    {
        var damaged = SampleFiles.Bytes(Aedat4Sample);
        var packet = PacketStarts(damaged)[30];
        damaged[packet + 8] ^= 0xFF; // the payload's LZ4 frame magic

        var strict = Assert.Throws<EventStreamException>(() => Decoded.All(damaged, "d.aedat4"));
        Assert.Equal(packet + 8, strict.ByteOffset);
        Assert.Contains("LZ4 frame", strict.Message, StringComparison.Ordinal);

        var all = Decoded.All(SampleFiles.Path(Aedat4Sample));
        using var reader = EventFile.OpenRead(new MemoryStream(damaged), "d.aedat4", Lenient);
        var salvaged = Decoded.All(reader);
        Assert.InRange(salvaged.Count, all.Count - 5000, all.Count - 1);
        Assert.Equal(all[^1], salvaged[^1]);
        Assert.Equal(packet, Assert.Single(reader.Salvage.Regions.ToArray()).Offset);
    }

    [Fact]
    public void A_truncated_aedat4_file_is_an_error_not_a_silent_end()
    {
        var bytes = SampleFiles.Bytes(Aedat4Sample)[..500_000];
        var strict = Assert.Throws<EventStreamException>(() => Decoded.All(bytes, "cut.aedat4"));
        Assert.InRange(strict.ByteOffset, FirstPacket, bytes.Length);

        using var reader = EventFile.OpenRead(new MemoryStream(bytes), "cut.aedat4", Lenient);
        var salvaged = Decoded.All(reader);
        Assert.InRange(salvaged.Count, 40_000, 70_000);
        Assert.True(reader.Salvage.BytesSkipped > 0);
    }

    [Fact]
    public void Garbage_between_aedat3_packets_is_skipped_and_every_event_recovered()
    {
        var geometry = new SensorGeometry(128, 128);
        var events = Synthetic.Events(20_000, geometry, 0, 40);
        var stream = new MemoryStream();
        using (var writer = new Formats.Aedat3.Aedat3Writer(stream, geometry, leaveOpen: true, eventsPerPacket: 1000))
        {
            writer.Write(events);
        }
        var original = stream.ToArray();
        var packetBytes = 28 + (1000 * 8);
        var boundary = original.AsSpan().IndexOf("#!END-HEADER\r\n"u8) + 14 + (7 * packetBytes);
        var damaged = Insert(original, boundary, Noise(100, seed: 9));

        Assert.Equal(boundary, Assert.Throws<EventStreamException>(() => Decoded.All(damaged, "g.aedat")).ByteOffset);
        using var reader = EventFile.OpenRead(new MemoryStream(damaged), "g.aedat", Lenient);
        Assert.Equal(events, Decoded.All(reader));
        Assert.Equal(100, reader.Salvage.BytesSkipped);
    }

    [Theory]
    [InlineData("evt2/evt2_sample.raw", 2)]
    [InlineData("evt3/evt3_sample.raw", 1)]
    [InlineData("nmnist/sample_nmnist.bin", 3)]
    [InlineData("prophesee_dat/dat_sample.dat", 5)]
    public void A_file_cut_inside_a_word_is_an_error_naming_the_offset(string sample, int cut)
    {
        var bytes = SampleFiles.Bytes(sample);
        var truncated = bytes[..^cut];
        var name = Path.GetFileName(sample);
        var strict = Assert.Throws<EventStreamException>(() => Decoded.All(truncated, name));
        Assert.Contains("truncated", strict.Message, StringComparison.Ordinal);
        Assert.InRange(strict.ByteOffset, truncated.Length - 8, truncated.Length - 1);

        using var reader = EventFile.OpenRead(new MemoryStream(truncated), name, Lenient);
        var salvaged = Decoded.All(reader);
        var all = Decoded.All(SampleFiles.Path(sample));
        Assert.Equal(all.Take(salvaged.Count), salvaged);
        Assert.InRange(salvaged.Count, all.Count - 12, all.Count);
        Assert.InRange(reader.Salvage.BytesSkipped, 1, 7);
    }

    [Fact]
    public void A_dat_record_with_an_impossible_polarity_is_located_and_skipped()
    {
        var bytes = SampleFiles.Bytes("prophesee_dat/dat_sample.dat");
        var body = SampleFiles.HeaderLength(bytes, (byte)'%') + 2;
        var record = body + (100 * 8);
        bytes[record + 7] = 0x70; // polarity nibble 7

        var strict = Assert.Throws<EventStreamException>(() => Decoded.All(bytes, "p.dat"));
        Assert.Equal(record + 7, strict.ByteOffset);

        using var reader = EventFile.OpenRead(new MemoryStream(bytes), "p.dat", Lenient);
        Assert.Equal(4406, Decoded.All(reader).Count);
        Assert.Equal(1, reader.Salvage.EventsSkipped);
    }

    [Theory]
    [InlineData(EventFormat.Dat, 304, 240)]
    [InlineData(EventFormat.Aedat2, 346, 260)]
    public void Records_shifted_by_inserted_bytes_line_up_again(EventFormat format, int width, int height)
    {
        var geometry = new SensorGeometry(width, height);
        var events = Synthetic.Events(20_000, geometry, 0, 30);
        var original = Synthetic.Write(format, geometry, events);
        var damaged = Insert(original, original.Length - (10_000 * 8) + 3, Noise(5, seed: 2));
        var name = Synthetic.NameFor(format);

        Assert.Throws<EventStreamException>(() => Decoded.All(damaged, name));
        using var reader = EventFile.OpenRead(new MemoryStream(damaged), name, Lenient);
        var salvaged = Decoded.All(reader);
        // Everything before the damage, and the records after it once they line up again.
        Assert.Equal(events.Take(10_000), salvaged.Take(10_000));
        Assert.Equal(events.TakeLast(9_000), salvaged.TakeLast(9_000));
        Assert.True(reader.Salvage.RegionCount >= 1);
    }

    private static List<int> PacketStarts(byte[] file)
    {
        var starts = new List<int>();
        for (var at = FirstPacket; at < 945243; at += 8 + BinaryPrimitives.ReadInt32LittleEndian(file.AsSpan(at + 4)))
        {
            starts.Add(at);
        }
        return starts;
    }

    private static byte[] Insert(byte[] original, int at, byte[] inserted) => [.. original.AsSpan(0, at), .. inserted, .. original.AsSpan(at)];

    private static byte[] Noise(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }
}
