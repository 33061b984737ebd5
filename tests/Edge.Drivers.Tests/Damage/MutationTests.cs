using Edge.Drivers.Formats;
using Edge.Drivers.Formats.Aedat4;
using Edge.Drivers.Tests.Support;
using Edge.Runtime.Events;
using Edge.TestSupport.Fuzzing;
using Xunit.Abstractions;

namespace Edge.Drivers.Tests.Damage;

/// <summary>
/// Every event format, mutated thousands of seeded ways (bit flips, truncations, splices with
/// another seed, length and count fields set to boundary values, bytes overwritten, inserted or
/// deleted — <see cref="Mutator"/>), either decodes or fails with one located EventStreamException,
/// in strict and in lenient mode; no read call runs away (every call delivers events bounded by the
/// input size, or ends), no case hangs (a time limit per case) or allocates beyond what its size
/// justifies. The seeds are the committed corpus tests/fuzz-corpus/events (AEDAT 4.0 with LZ4 and,
/// re-encoded here, Zstd and uncompressed packets; a DAVIS346 AEDAT 2.0 file is written here) and the
/// shared sample recordings.
/// </summary>
public sealed class MutationTests(ITestOutputHelper output)
{
    /// <summary>Cases per format and mode over the committed corpus.</summary>
    private const int CorpusCases = 2000;

    /// <summary>Cases per shared sample file (larger files, real cameras).</summary>
    private const int SampleCases = 160;

    private const int MaxEventsPerByte = 64;

    /// <summary>A DAVIS346's array: AEDAT 2.0 lays its addresses out unlike the DVS128 of the corpus file.</summary>
    private static readonly SensorGeometry Davis = new(346, 260);

    public static TheoryData<string, bool> Formats()
    {
        var data = new TheoryData<string, bool>();
        foreach (var format in new[] { "aedat2", "aedat2-davis", "aedat3", "aedat4-lz4", "aedat4-zstd", "aedat4-none", "evt2", "evt3", "dat", "nmnist" })
        {
            data.Add(format, false);
            data.Add(format, true);
        }
        return data;
    }

    public static TheoryData<string> Samples() =>
    [
        "aedat4/sample.aedat4", "evt2/evt2_sample.raw", "evt3/evt3_sample.raw", "evt3/evt3_sample_small.raw",
        "nmnist/sample_nmnist.bin", "prophesee_dat/sample_ncars.dat", "prophesee_dat/dat_sample.dat",
        "aedat2/sample_aedat_header.aedat",
    ];

    [Theory]
    [MemberData(nameof(Formats))]
    public void Every_format_mutated_two_thousand_ways_decodes_or_fails_with_a_located_error(string format, bool lenient)
    {
        var seeds = Corpus(format);
        var report = Fuzz.Run($"{format} ({(lenient ? "lenient" : "strict")})", seeds, CorpusCases, text: false,
            data => Decode(data, seeds[0].Name, lenient), ex => Located(ex, seeds[0].Name), seed: StableSeed(format));
        output.WriteLine(report.ToString());
        Assert.Equal(CorpusCases, report.Cases);
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void Mutated_sample_recordings_decode_or_fail_with_a_located_error(string input)
    {
        var name = Path.GetFileName(input);
        var seeds = new List<(string, byte[])> { (name, SampleFiles.Bytes(input)) };
        foreach (var lenient in new[] { false, true })
        {
            var report = Fuzz.Run($"{name} ({(lenient ? "lenient" : "strict")})", seeds, SampleCases, text: false,
                data => Decode(data, name, lenient), ex => Located(ex, name), seed: StableSeed(input));
            output.WriteLine(report.ToString());
        }
    }

    /// <summary>The seeds of one format: its committed corpus files, or the AEDAT 4.0 seeds re-encoded.</summary>
    private static List<(string Name, byte[] Bytes)> Corpus(string format) => format switch
    {
        "aedat2" => Fuzz.CorpusOf("events", "bar.aedat"),
        "aedat2-davis" => [("davis.aedat", Synthetic.Write(EventFormat.Aedat2, Davis, Synthetic.Events(300, Davis, 1_600_000_000_000_000, 40)))],
        "aedat3" => Fuzz.CorpusOf("events", "*-v3.aedat"),
        "aedat4-lz4" => Fuzz.CorpusOf("events", "*.aedat4"),
        "aedat4-zstd" => Reencoded(Aedat4Compression.Zstd),
        "aedat4-none" => Reencoded(Aedat4Compression.None),
        "evt2" => Fuzz.CorpusOf("events", "*-evt2.raw"),
        "evt3" => Fuzz.CorpusOf("events", "*-evt3.raw"),
        "dat" => Fuzz.CorpusOf("events", "*.dat"),
        _ => Fuzz.CorpusOf("events", "*.bin"),
    };

    private static List<(string Name, byte[] Bytes)> Reencoded(Aedat4Compression compression)
    {
        var seeds = new List<(string, byte[])>();
        foreach (var (name, bytes) in Fuzz.CorpusOf("events", "*.aedat4"))
        {
            using var reader = EventFile.OpenRead(new MemoryStream(bytes), name);
            var events = new List<DvsEvent>();
            var buffer = new DvsEvent[256];
            for (int n; (n = reader.Read(buffer)) > 0;)
            {
                events.AddRange(buffer.AsSpan(0, n).ToArray());
            }
            var stream = new MemoryStream();
            using (var writer = new Aedat4Writer(stream, reader.Geometry!.Value, new Aedat4WriterOptions { Compression = compression, EventsPerPacket = 64 }))
            {
                writer.Write(events.ToArray());
                writer.Complete();
            }
            seeds.Add((name, stream.ToArray()));
        }
        return seeds;
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

    /// <summary>Decodes everything; every read call delivers a bounded number of events and moves forward.</summary>
    private static void Decode(byte[] data, string name, bool lenient)
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
            Assert.True(events <= bound, $"more events than the input can hold ({events} from {data.Length} bytes)");
            Assert.InRange(reader.Position, position, data.Length);
            position = reader.Position;
        }
        Assert.Equal(0, reader.Read(buffer));
    }

    /// <summary>An EventStreamException that says the file and a byte offset inside it.</summary>
    private static bool Located(Exception ex, string name) =>
        ex is EventStreamException e && e.ByteOffset >= 0 && e.Message.StartsWith($"{name}: byte {e.ByteOffset}: ", StringComparison.Ordinal);
}
