using Edge.Drivers.Datasets;
using Edge.TestSupport.Fuzzing;
using Xunit.Abstractions;

namespace Edge.Drivers.Tests.Damage;

/// <summary>
/// The dataset files the drivers read besides event recordings — DVS Gesture labels CSV files —
/// each 2,000 seeded mutations of a small seed corpus, each ending in a result or one clear error
/// (see <see cref="Fuzz"/>).
/// </summary>
public sealed class DatasetFuzzTests(ITestOutputHelper output) : IDisposable
{
    private const int Cases = 2000;
    private readonly string _dir = Directory.CreateTempSubdirectory("edge-fuzz-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Gesture_labels_csv_files()
    {
        var file = Path.Combine(_dir, "user01_fluorescent_labels.csv");
        var report = Fuzz.Run("DVS Gesture labels CSV", Fuzz.CorpusOf("gesture-labels"), Cases, text: true, bytes =>
        {
            File.WriteAllBytes(file, bytes);
            GestureLabels.Read(file);
        }, ex => ex is DatasetException);
        Done(report);
    }

    private void Done(FuzzReport report)
    {
        output.WriteLine(report.ToString());
        Assert.Equal(Cases, report.Cases);
    }
}
