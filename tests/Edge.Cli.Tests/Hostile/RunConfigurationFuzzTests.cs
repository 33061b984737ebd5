using Edge.Cli.Settings;
using Edge.Runtime.Specs;
using Edge.TestSupport.Fuzzing;
using Xunit.Abstractions;

namespace Edge.Cli.Tests.Hostile;

/// <summary>
/// <c>edge run --config FILE</c> on hostile files: 2,000 seeded mutations of the committed
/// configurations (tests/fuzz-corpus/config), each ending in a run plan or one clear error — a
/// bad-input error naming the file or key (exit 2) — never another exception or a hang.
/// </summary>
public sealed class RunConfigurationFuzzTests(ITestOutputHelper output) : IDisposable
{
    private const int Cases = 2000;
    private readonly string _dir = Directory.CreateTempSubdirectory("edge-fuzz-config-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Run_configuration_files()
    {
        var file = Path.Combine(_dir, "edge.json");
        var none = new Dictionary<string, string?>();
        var report = Fuzz.Run("run configuration", Fuzz.CorpusOf("config"), Cases, text: true, bytes =>
        {
            File.WriteAllBytes(file, bytes);
            RunConfiguration.Build(file, none);
        }, ex => ex is Host.UserInputException or SpecException);
        output.WriteLine(report.ToString());
        Assert.Equal(Cases, report.Cases);
    }
}
