using Edge.Host.Fleet.Broker;
using Edge.Host.Fleet.Weights;
using Edge.TestSupport.Fuzzing;
using Xunit.Abstractions;

namespace Edge.Host.Fleet.Tests.Hostile;

/// <summary>
/// The messages a board or the fleet reads off the network, fed to their decoders without a broker —
/// weight set manifests and chunks, command messages, board statuses — each 2,000 seeded mutations of the committed corpus
/// (tests/fuzz-corpus), each ending in a result or one clear error line (see <see cref="Fuzz"/>).
/// </summary>
public sealed class FleetMessageFuzzTests(ITestOutputHelper output)
{
    private const int Cases = 2000;

    [Fact]
    public void Weight_set_manifests_and_chunks()
    {
        var seeds = Fuzz.CorpusOf("fleet-weights");
        var manifest = Seed(seeds, "manifest.json");
        var chunk = Seed(seeds, "chunk.bin");
        // A manifest is followed by the set's chunk; a chunk arrives after its set's manifest.
        var report = Fuzz.Run("fleet weight set", seeds, Cases, text: false, bytes =>
        {
            var assembler = new WeightAssembler(_ => null);
            if (bytes.Length > 0 && bytes[0] == (byte)'{')
            {
                Refuse(assembler.Add(bytes));
                Refuse(assembler.Add(chunk));
            }
            else
            {
                Assert.Null(assembler.Add(manifest).Error);
                Refuse(assembler.Add(bytes));
            }
        }, ex => ex is FormatException);
        Done(report);
    }

    [Fact]
    public void Command_messages()
    {
        var report = Fuzz.Run("fleet command", Fuzz.CorpusOf("fleet-commands"), Cases, text: true, bytes =>
        {
            if (!FleetMessages.TryReadCommand(bytes, out _, out _, out var error))
            {
                throw new FormatException(error);
            }
        }, ex => ex is FormatException);
        Done(report);
    }

    [Fact]
    public void Board_statuses()
    {
        // A status the fleet does not read leaves the board out (no line); one it reads has every value its tools show.
        var report = Fuzz.Run("fleet board status", Fuzz.CorpusOf("fleet-status"), Cases, text: true, bytes =>
        {
            var status = FleetMessages.ReadStatus(bytes) ?? throw new FormatException("not a board status this version reads");
            Assert.True(status.Board.Length + status.Status.Length + status.Network.Length + status.Signature.Length + status.Software.Length + status.Classes.Count >= 0);
        }, ex => ex is FormatException);
        Done(report);
    }

    [Fact]
    public void A_status_without_a_value_the_tools_show_leaves_the_board_out()
    {
        var offline = Fuzz.CorpusOf("fleet-status", "offline.json")[0].Bytes;
        Assert.Equal("pi-4", FleetMessages.ReadStatus(offline)!.Board);
        var text = System.Text.Encoding.UTF8.GetString(offline);
        Assert.Null(FleetMessages.ReadStatus(System.Text.Encoding.UTF8.GetBytes(text.Replace("\"network\":\"nmnist-small\"", "\"network\":null", StringComparison.Ordinal))));
        Assert.Null(FleetMessages.ReadStatus(System.Text.Encoding.UTF8.GetBytes(text.Replace("\"v\":1", "\"v\":2", StringComparison.Ordinal))));
    }

    [Theory]
    [InlineData("""{"v":1,"set":5,"from":"a"}""", "weights: the manifest is not valid: at $.set (line 1, byte 15): a value of the wrong type")]
    [InlineData("""{"v":1,"set":"00000000000000ab"}""", "weights: the manifest is not valid: required keys missing:")]
    [InlineData("""{"v":1,"set":"00000000000000ab","from":"a","network":"n","signature":"s","classes":[],"tensors":[null],"crc32c":"0"}""",
        "weights: set 00000000000000ab: the manifest's $.tensors[0] is null")]
    [InlineData("""{"v":1,"set":"00000000000000ab","from":"a","network":null,"signature":"s","classes":[],"tensors":[],"crc32c":"0"}""",
        "weights: set 00000000000000ab: the manifest's $.network is null")]
    public void A_hostile_manifest_is_one_line_naming_the_key(string manifest, string expected)
    {
        var step = new WeightAssembler(_ => null).Add(System.Text.Encoding.UTF8.GetBytes(manifest));
        Assert.StartsWith(expected, step.Error, StringComparison.Ordinal);
        Assert.True(Fuzz.OneLine(step.Error!), step.Error);
    }

    [Fact]
    public void The_weight_set_corpus_is_one_whole_set()
    {
        var seeds = Fuzz.CorpusOf("fleet-weights");
        var assembler = new WeightAssembler(_ => null);
        Assert.Null(assembler.Add(Seed(seeds, "manifest.json")).Error);
        var done = assembler.Add(Seed(seeds, "chunk.bin"));
        Assert.Null(done.Error);
        Assert.Equal(36, done.Complete!.Values.Length);
    }

    /// <summary>A step that refused its message says why in one line: thrown for the harness to check.</summary>
    private static void Refuse(AssemblyStep step)
    {
        if (step.Error is { } error)
        {
            throw new FormatException(error);
        }
    }

    private static byte[] Seed(List<(string Name, byte[] Bytes)> seeds, string name) => seeds.Find(s => s.Name == name).Bytes;

    private void Done(FuzzReport report)
    {
        output.WriteLine(report.ToString());
        Assert.Equal(Cases, report.Cases);
    }
}
