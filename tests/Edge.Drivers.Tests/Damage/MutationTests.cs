using Edge.Drivers.Formats;
using Edge.Drivers.Formats.Aedat4;
using Edge.Drivers.Tests.Support;
using Edge.Runtime.Events;

namespace Edge.Drivers.Tests.Damage;

/// <summary>
/// Every sample, mutated thousands of seeded ways (truncated, bytes flipped, garbage inserted,
/// overwritten, deleted), either decodes or fails with one located EventStreamException — in
/// strict and in lenient mode — and no read call runs away: every call delivers events (bounded by
/// the input size) or ends.
/// </summary>
public sealed class MutationTests
{
    private const int CasesPerInput = 160;
    private const int MaxEventsPerByte = 64;
    private static readonly TimeSpan HangGuard = TimeSpan.FromMinutes(5);

    public static TheoryData<string> Inputs() =>
    [
        "aedat4/sample.aedat4", "evt2/evt2_sample.raw", "evt3/evt3_sample.raw", "evt3/evt3_sample_small.raw",
        "nmnist/sample_nmnist.bin", "prophesee_dat/sample_ncars.dat", "prophesee_dat/dat_sample.dat",
        "aedat2/sample_aedat_header.aedat", "synthetic.aedat3", "synthetic-davis.aedat2", "synthetic-zstd.aedat4",
        "synthetic-stored.aedat4",
    ];

    [Theory]
    [MemberData(nameof(Inputs))]
    public async Task Mutated_files_decode_or_fail_with_a_located_error(string input)
    {
        var (original, name) = Load(input);
        var run = Task.Run(() =>
        {
            var random = new Random(StableSeed(input));
            for (var i = 0; i < CasesPerInput; i++)
            {
                var mutated = Mutate(original, random, out var description);
                Check(mutated, name, lenient: false, description);
                Check(mutated, name, lenient: true, description);
            }
        });
        var finished = await Task.WhenAny(run, Task.Delay(HangGuard)) == run;
        Assert.True(finished, $"{input}: mutation cases did not finish within {HangGuard} (hang?)");
        await run;
    }

    /// <summary>A seed from the input's name that is the same in every process (string.GetHashCode is not).</summary>
    private static int StableSeed(string input)
    {
        var hash = 17;
        foreach (var c in input)
        {
            hash = unchecked((hash * 31) + c);
        }
        return hash & 0x7FFF_FFFF;
    }

    private static void Check(byte[] data, string name, bool lenient, string mutation)
    {
        try
        {
            using var reader = EventFile.OpenRead(new MemoryStream(data, writable: false), name,
                new EventFileOptions { Lenient = lenient, BufferBytes = 4096 });
            var buffer = new DvsEvent[97];
            var bound = (MaxEventsPerByte * (long)data.Length) + MaxEventsPerByte;
            long events = 0;
            var position = reader.Position;
            int n;
            while ((n = reader.Read(buffer)) > 0)
            {
                events += n;
                Assert.True(events <= bound, $"{mutation}: more events than the input can hold ({events} from {data.Length} bytes)");
                Assert.InRange(reader.Position, position, data.Length);
                position = reader.Position;
            }
            Assert.Equal(0, reader.Read(buffer));
        }
        catch (EventStreamException ex)
        {
            Assert.InRange(ex.ByteOffset, 0, data.Length);
            Assert.StartsWith($"{name}: byte {ex.ByteOffset}: ", ex.Message, StringComparison.Ordinal);
            Assert.DoesNotContain('\n', ex.Message);
        }
        catch (Exception ex) when (ex is not Xunit.Sdk.XunitException)
        {
            Assert.Fail($"{mutation} ({(lenient ? "lenient" : "strict")}): {ex.GetType().Name}: {ex.Message}\n{ex.StackTrace}");
        }
    }

    private static byte[] Mutate(byte[] original, Random random, out string description)
    {
        // A quarter of the cases aim at the first bytes, where headers are.
        int Position(int length) => random.Next(4) == 0 ? random.Next(Math.Min(length, 300)) : random.Next(length);
        var at = Position(original.Length);
        switch (random.Next(5))
        {
            case 0:
                description = $"truncated to {at} bytes";
                return original[..at];
            case 1:
                var flipped = (byte[])original.Clone();
                var flips = random.Next(1, 9);
                for (var i = 0; i < flips; i++)
                {
                    flipped[Position(flipped.Length)] ^= (byte)random.Next(1, 256);
                }
                description = $"{flips} bytes flipped";
                return flipped;
            case 2:
                var garbage = new byte[random.Next(1, 65)];
                random.NextBytes(garbage);
                description = $"{garbage.Length} garbage bytes inserted at {at}";
                return [.. original.AsSpan(0, at), .. garbage, .. original.AsSpan(at)];
            case 3:
                var overwritten = (byte[])original.Clone();
                var run = random.Next(4, 65);
                random.NextBytes(overwritten.AsSpan(at, Math.Min(run, overwritten.Length - at)));
                description = $"{run} bytes overwritten at {at}";
                return overwritten;
            default:
                var cut = Math.Min(random.Next(1, 65), original.Length - at);
                description = $"{cut} bytes deleted at {at}";
                return [.. original.AsSpan(0, at), .. original.AsSpan(at + cut)];
        }
    }

    private static (byte[] Bytes, string Name) Load(string input)
    {
        var synthetic = new SensorGeometry(346, 260);
        var events = Synthetic.Events(5000, synthetic, 1_600_000_000_000_000, 40);
        return input switch
        {
            "synthetic.aedat3" => (WriteWith(s => new Formats.Aedat3.Aedat3Writer(s, synthetic, eventsPerPacket: 400), events), input),
            "synthetic-davis.aedat2" => (Synthetic.Write(EventFormat.Aedat2, synthetic, events), input),
            "synthetic-zstd.aedat4" => (WriteWith(s => new Aedat4Writer(s, synthetic, new Aedat4WriterOptions { Compression = Aedat4Compression.Zstd, EventsPerPacket = 700 }), events), input),
            "synthetic-stored.aedat4" => (WriteWith(s => new Aedat4Writer(s, synthetic, new Aedat4WriterOptions { Compression = Aedat4Compression.None, EventsPerPacket = 700 }), events), input),
            _ => (SampleFiles.Bytes(input), Path.GetFileName(input)),
        };
    }

    private static byte[] WriteWith(Func<Stream, EventFileWriter> create, DvsEvent[] events)
    {
        var stream = new MemoryStream();
        using (var writer = create(stream))
        {
            writer.Write(events);
            writer.Complete();
            return stream.ToArray();
        }
    }
}
