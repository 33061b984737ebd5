using System.Text;
using Edge.Runtime.Checkpoints;
using Edge.Runtime.Golden;
using Edge.Runtime.Learning;
using Edge.Runtime.Learning.Stllr;
using Edge.Runtime.Specs;
using Edge.TestSupport.Fuzzing;
using Xunit.Abstractions;

namespace Edge.Runtime.Tests.Hostile;

/// <summary>
/// The runtime's parsers on hostile input — network specs, checkpoints (choosing and restoring),
/// safetensors weights and golden case files — each 2,000 seeded mutations of the committed corpus
/// (tests/fuzz-corpus), each ending in a result or one clear error (see <see cref="Fuzz"/>).
/// </summary>
public sealed class RuntimeParserFuzzTests(ITestOutputHelper output) : IDisposable
{
    private const int Cases = 2000;
    private readonly string _dir = Directory.CreateTempSubdirectory("edge-fuzz-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Network_specs()
    {
        var report = Fuzz.Run("network spec", Fuzz.CorpusOf("specs"), Cases, text: true,
            bytes => SpecReader.Parse(Encoding.UTF8.GetString(bytes), "fuzz"), ex => ex is SpecException);
        Done(report);
    }

    [Fact]
    public void Checkpoints_are_chosen_and_restored_or_refused()
    {
        var spec = SpecReader.ReadFile(Path.Combine(Corpus, "checkpoints", "network.json"));
        var learner = new StllrLearner(Network.Build(spec.WithClasses(8), new NetworkOptions(1, Learning: true, Seed: 1)));
        var folder = Path.Combine(_dir, "checkpoint");
        Directory.CreateDirectory(folder);
        var file = Path.Combine(folder, "checkpoint-00000001.safetensors");
        var report = Fuzz.Run("checkpoint", Fuzz.CorpusOf("checkpoints", "*.safetensors"), Cases, text: false, bytes =>
        {
            File.WriteAllBytes(file, bytes);
            var store = new CheckpointStore(folder);
            if (store.ReadInfo() is not null)
            {
                store.Restore(learner);
            }
        }, ex => ex is CheckpointException);
        Done(report);
    }

    [Fact]
    public void Safetensors_weights()
    {
        var spec = SpecReader.ReadFile(Path.Combine(Corpus, "checkpoints", "network.json"));
        using var network = Network.Build(spec.WithClasses(8), new NetworkOptions(1, Learning: false));
        var file = Path.Combine(_dir, "weights.safetensors");
        var report = Fuzz.Run("safetensors weights", Fuzz.CorpusOf("checkpoints", "*.safetensors"), Cases, text: false, bytes =>
        {
            File.WriteAllBytes(file, bytes);
            WeightFile.Import(network, file);
        }, ex => ex is CheckpointException);
        Done(report);
    }

    [Fact]
    public void Golden_case_files()
    {
        var file = Path.Combine(_dir, "case.json");
        var report = Fuzz.Run("golden case", Fuzz.CorpusOf("golden"), Cases, text: true, bytes =>
        {
            File.WriteAllBytes(file, bytes);
            GoldenCase.Read(file).Dispose();
        }, ex => ex is SpecException);
        Done(report);
    }

    private static string Corpus => Path.Combine(TestSupport.SharedData.RepoRoot, "tests", "fuzz-corpus");

    private void Done(FuzzReport report)
    {
        output.WriteLine(report.ToString());
        Assert.Equal(Cases, report.Cases);
    }
}
