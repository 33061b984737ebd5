using System.Text;
using Edge.Host.Labels;
using Edge.Host.Sources;
using Edge.Host.Teaching;
using Edge.TestSupport.Fuzzing;
using Xunit.Abstractions;

namespace Edge.Host.Tests.Hostile;

/// <summary>
/// The host's parsers on hostile input — labels CSV files, the teach command language and source
/// URIs — each 2,000 seeded mutations of the committed corpus (tests/fuzz-corpus), each ending in a
/// result or one clear error (see <see cref="Fuzz"/>).
/// </summary>
public sealed class HostParserFuzzTests(ITestOutputHelper output)
{
    private const int Cases = 2000;

    [Fact]
    public void Labels_csv_files()
    {
        var report = Fuzz.Run("labels CSV", Fuzz.CorpusOf("labels"), Cases, text: true,
            bytes => LabelsFile.Parse("labels.csv", Encoding.UTF8.GetString(bytes).Split('\n')), ex => ex is UserInputException);
        Done(report);
    }

    [Fact]
    public void Teach_commands()
    {
        // A teach input delivers one line at a time; a refused line gives its reason, in one line.
        var report = Fuzz.Run("teach command", Fuzz.CorpusOf("teach"), Cases, text: true, bytes =>
        {
            foreach (var line in Encoding.UTF8.GetString(bytes).Split('\n'))
            {
                if (!TeachCommand.TryParse(line, out _, out var error))
                {
                    throw new FormatException(error);
                }
            }
        }, ex => ex is FormatException);
        Done(report);
    }

    [Fact]
    public void Source_uris()
    {
        var report = Fuzz.Run("source URI", Fuzz.CorpusOf("sources"), Cases, text: true, bytes =>
        {
            var uri = SourceUri.Parse(Encoding.UTF8.GetString(bytes));
            if (SourceRegistry.Default.Find(uri.Scheme) is { } provider)
            {
                uri.RejectUnknown(provider.Parameters);
            }
        }, ex => ex is UserInputException);
        Done(report);
    }

    private void Done(FuzzReport report)
    {
        output.WriteLine(report.ToString());
        Assert.Equal(Cases, report.Cases);
    }
}
